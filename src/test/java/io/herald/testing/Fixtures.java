package io.herald.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * The start/stop shell of what a test class runs against (servers, Redis, proxies), in one place:
 * <pre>
 * private static HeraldServer server;
 * &#64;RegisterExtension
 * static final Fixtures FIXTURES = Fixtures.perClass(() -&gt; server = HeraldServer.start(CONFIG));
 * </pre>
 * The starters run in order before the class's first test ({@link #perTest} : before each test); what
 * they return is closed in reverse order after the last one, also when a later starter or a test
 * failed. A close failure fails the class, with any further ones attached as suppressed.
 */
public final class Fixtures implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** Starts one thing and returns what closes it. */
    @FunctionalInterface
    public interface Starter {
        AutoCloseable start() throws Exception;
    }

    private final boolean perTest;
    private final List<Starter> starters;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();

    private Fixtures(boolean perTest, Starter... starters) {
        this.perTest = perTest;
        this.starters = List.of(starters);
    }

    /** Started once for the class, closed after its last test. */
    public static Fixtures perClass(Starter... starters) {
        return new Fixtures(false, starters);
    }

    /** Started afresh for every test, closed after it. */
    public static Fixtures perTest(Starter... starters) {
        return new Fixtures(true, starters);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (!perTest) {
            startAll();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!perTest) {
            closeAll();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (perTest) {
            startAll();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (perTest) {
            closeAll();
        }
    }

    private void startAll() throws Exception {
        for (Starter starter : starters) {
            try {
                started.push(starter.start());
            } catch (Exception | Error e) {
                try {
                    closeAll();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }

    private void closeAll() throws Exception {
        Exception first = null;
        while (!started.isEmpty()) {
            AutoCloseable next = started.pop();
            try {
                if (next != null) {
                    next.close();
                }
            } catch (Exception e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
