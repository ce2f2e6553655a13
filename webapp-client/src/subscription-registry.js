/**
 * Every subscription of one client: the page's own ({@link Subscription}, one per channel) and the
 * channels the backend granted on connect (server-subscriptions.js). Routes each incoming publication
 * and presence event to whichever owns its channel (a grant wins), and tells all of them when the
 * connection comes and goes.
 * @module
 */
import { HeraldError } from './errors.js';
import { ServerSubscriptions } from './server-subscriptions.js';

/** @typedef {import('./herald.d.ts').Publication} Publication */
/** @typedef {import('./herald.d.ts').ClientInfo} ClientInfo */
/** @typedef {import('./subscription.js').Subscription} Subscription */
/**
 * What the client tells a subscription (from {@link Subscription}, handed over with the port's `add`).
 * @typedef {{ connected(): void, disconnected(): void, publication(publication: Publication): void,
 *   presence(type: 'join' | 'leave', info: ClientInfo): void }} SubscriptionInbound
 */

export class SubscriptionRegistry {
  /** @type {Map<string, { subscription: Subscription, inbound: SubscriptionInbound }>} */
  #own = new Map();
  #granted;

  /** @param {(event: string, ctx: unknown) => void} emit emits a client-level event (for the granted channels) */
  constructor(emit) {
    this.#granted = new ServerSubscriptions(emit);
  }

  /** @param {string} channel @returns {Subscription | undefined} the page's subscription to `channel` */
  get(channel) {
    return this.#own.get(channel)?.subscription;
  }

  /** @returns {Subscription[]} every subscription of the page */
  all() {
    return [...this.#own.values()].map((entry) => entry.subscription);
  }

  /** @returns {string[]} the channels granted on the current connection */
  granted() {
    return this.#granted.active();
  }

  /**
   * @param {Subscription} subscription
   * @param {SubscriptionInbound} inbound
   * @throws {HeraldError} `already_subscribed` when another subscription has its channel
   */
  add(subscription, inbound) {
    const existing = this.get(subscription.channel);
    if (existing && existing !== subscription) {
      throw new HeraldError('already_subscribed', `already subscribed to ${subscription.channel}`);
    }
    this.#own.set(subscription.channel, { subscription, inbound });
  }

  /** @param {Subscription} subscription removed if it still holds its channel */
  remove(subscription) {
    if (this.get(subscription.channel) === subscription) {
      this.#own.delete(subscription.channel);
    }
  }

  /** The connection is up: the page's subscriptions subscribe (again). */
  connected() {
    for (const { inbound } of this.#own.values()) {
      inbound.connected();
    }
  }

  /** The connection ended: subscriptions wait for the next one; grants end with it. */
  disconnected() {
    for (const { inbound } of this.#own.values()) {
      inbound.disconnected();
    }
    this.#granted.disconnected();
  }

  /** A `subscribed` push: the backend granted a channel. @param {{ channel: string, offset?: number, epoch?: string }} message */
  grant(message) {
    this.#granted.subscribed(message);
  }

  /** @param {Publication} publication to the grant of its channel, else to the page's subscription, if any */
  publication(publication) {
    if (this.#granted.has(publication.channel)) {
      this.#granted.publication(publication);
    } else {
      this.#own.get(publication.channel)?.inbound.publication(publication);
    }
  }

  /** @param {'join' | 'leave'} type @param {string} channel @param {ClientInfo} info routed like a publication */
  presence(type, channel, info) {
    if (this.#granted.has(channel)) {
      this.#granted.presence(type, channel, info);
    } else {
      this.#own.get(channel)?.inbound.presence(type, info);
    }
  }
}
