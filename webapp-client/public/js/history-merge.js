/**
 * Joins a channel's history with its live publications without gaps or duplicates.
 *
 * A page subscribes first (so nothing published from then on is missed), then loads history. Live
 * publications that arrive before the history reply are held back, and released after the history
 * in offset order, skipping any the history already contained. Pure logic, no DOM: tested in Node.
 * @module
 */
export class HistoryMerge {
  #emit;
  #loaded = false;
  #held = [];
  #lastOffset = 0;

  /** @param {(publication: { offset: number, [field: string]: any }) => void} emit receives each publication once, in order */
  constructor(emit) {
    this.#emit = emit;
  }

  /** @returns {boolean} whether history has been loaded (live publications now pass straight through) */
  get loaded() {
    return this.#loaded;
  }

  /** Forget everything, e.g. when the stream's history was lost and the page reloads it. */
  reset() {
    this.#loaded = false;
    this.#held = [];
    this.#lastOffset = 0;
  }

  /** A live (or recovered) publication. */
  live(publication) {
    if (this.#loaded) {
      this.#pass(publication);
    } else {
      this.#held.push(publication);
    }
  }

  /** The history reply's publications, oldest first. */
  history(publications) {
    for (const publication of publications) {
      this.#pass(publication);
    }
    this.#loaded = true;
    const held = this.#held.sort((a, b) => a.offset - b.offset);
    this.#held = [];
    for (const publication of held) {
      this.#pass(publication);
    }
  }

  #pass(publication) {
    // offset 0 = a channel without a stream: nothing to order by, so nothing to drop
    if (publication.offset > 0) {
      if (publication.offset <= this.#lastOffset) {
        return;
      }
      this.#lastOffset = publication.offset;
    }
    this.#emit(publication);
  }
}
