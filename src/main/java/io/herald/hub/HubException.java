package io.herald.hub;

/** A refusal the hub reports to the caller as an error reply; never a crash of the connection. */
public final class HubException extends RuntimeException {
    private final ErrorCode code;

    public HubException(ErrorCode code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public HubException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
