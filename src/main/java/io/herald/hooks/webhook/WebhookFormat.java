package io.herald.hooks.webhook;

import io.herald.hooks.HookEvent;
import io.herald.hooks.HookType;

import java.util.List;
import java.util.Map;

/**
 * How one kind of backend wants its webhooks: which events it understands, the request body of a batch
 * and the headers that carry the signature. Implementations are stateless and thread-safe.
 */
public interface WebhookFormat {

    /** Whether events of this type are sent to targets of this format at all. */
    boolean supports(HookType type);

    /**
     * The request body of one batch. Called once per batch; retries resend the same bytes, so the
     * signature and every event id stay the same.
     *
     * @param events     at least one event, all supported, in the order they happened
     * @param timeMillis when the batch was formed
     * @param node       the name of the sending node
     */
    byte[] body(List<HookEvent> events, long timeMillis, String node);

    /** The headers of a request with this body (signature included); Content-Type is set by the sender. */
    Map<String, String> headers(byte[] body, WebhookTarget target);
}
