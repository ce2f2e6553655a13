package io.herald.hub;

/**
 * A refusal the hub reports to the caller as an error reply. Usually the connection carries on; when
 * {@link #closeCode()} is set, the edge closes the connection with it after the error reply (refused
 * connect, connection limits).
 */
public final class HubException extends RuntimeException {
    private final ErrorCode code;
    private final CloseCode closeCode;

    public HubException(ErrorCode code, String message) {
        this(code, message, (CloseCode) null);
    }

    public HubException(ErrorCode code, String message, Throwable cause) {
        super(message, cause, false, false);
        this.code = code;
        this.closeCode = null;
    }

    /** @param closeCode the code the connection is closed with after the error reply, or null to keep it */
    public HubException(ErrorCode code, String message, CloseCode closeCode) {
        super(message, null, false, false);
        this.code = code;
        this.closeCode = closeCode;
    }

    public ErrorCode code() {
        return code;
    }

    /** The close code that ends the connection after this error, or null when the connection stays. */
    public CloseCode closeCode() {
        return closeCode;
    }

    /** This refusal, closing the connection with {@code close} unless it already names a code. */
    public HubException closing(CloseCode close) {
        return closeCode != null ? this : new HubException(code, getMessage(), close);
    }
}
