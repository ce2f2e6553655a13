package io.herald.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.Session;
import org.glassfish.tyrus.core.ProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code @OnError} tells a client that went away (FINE, nothing to do) from a bug of ours (WARNING, 1011). */
class HeraldEndpointErrorTest {
    private final Logger logger = Logger.getLogger(HeraldEndpoint.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level previous;
    private CloseReason closedWith;

    @BeforeEach
    void captureLog() {
        previous = logger.getLevel();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    @AfterEach
    void restoreLog() {
        logger.removeHandler(capture);
        logger.setLevel(previous);
    }

    private Session session() {
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getId" -> "s1";
                    case "close" -> {
                        closedWith = args == null ? null : (CloseReason) args[0];
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "session s1";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aClientThatWentAwayIsLoggedAtFineAndNotClosedAgain() {
        HeraldEndpoint endpoint = new HeraldEndpoint();
        endpoint.onError(session(), new ExecutionException(new IOException("Broken pipe")));
        assertNull(closedWith);
        assertEquals(1, records.size());
        assertEquals(Level.FINE, records.get(0).getLevel());
    }

    @Test
    void anUnexpectedExceptionIsLoggedAtWarningAndClosesWith1011() {
        HeraldEndpoint endpoint = new HeraldEndpoint();
        IllegalStateException bug = new IllegalStateException("a bug of ours");
        endpoint.onError(session(), bug);
        assertEquals(1011, closedWith.getCloseCode().getCode());
        assertEquals(1, records.size());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertSame(bug, records.get(0).getThrown(), "with its stack trace");
    }

    @Test
    void ioErrorsClosedChannelsDecodeErrorsAndTyrusProtocolViolationsAreTheClientSide() {
        assertTrue(ErrorTriage.isClientSide(new ClosedChannelException()));
        assertTrue(ErrorTriage.isClientSide(new EOFException()));
        assertTrue(ErrorTriage.isClientSide(new RuntimeException(new IOException("Connection reset by peer"))));
        assertTrue(ErrorTriage.isClientSide(new DecodeException("x", "bad frame")));
        assertTrue(ErrorTriage.isClientSide(new ProtocolException("invalid frame")));
        assertFalse(ErrorTriage.isClientSide(new NullPointerException()));
        assertFalse(ErrorTriage.isClientSide(new IllegalStateException(new ArithmeticException())));
    }
}
