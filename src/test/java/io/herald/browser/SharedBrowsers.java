package io.herald.browser;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves {@link Browser} parameters of test methods to Chromium instances shared by the whole test
 * run (the n-th {@code Browser} parameter is the n-th shared browser), closed when the run ends.
 *
 * <p>Why share: starting Chromium is the slowest step of a browser test. Sharing does not carry state
 * from one test to the next: every test class starts its own server, so its pages have a new origin
 * (no storage, cookies or cache of an earlier test apply), and after each test every tab is closed
 * (its pages get {@code pagehide} and disconnect). After a failed test each browser involved leaves a
 * screenshot under target/screenshots/.
 */
final class SharedBrowsers implements ParameterResolver, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedBrowsers.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Browser.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        int index = 0;
        for (var p : parameter.getDeclaringExecutable().getParameters()) {
            if (p.equals(parameter.getParameter())) {
                break;
            }
            if (p.getType() == Browser.class) {
                index++;
            }
        }
        Browser browser = context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("browser-" + index, key -> launch(), Browser.class);
        used(context).add(browser);
        return browser;
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        List<Browser> browsers = used(context);
        boolean failed = context.getExecutionException().isPresent();
        for (int i = 0; i < browsers.size(); i++) {
            if (failed) {
                browsers.get(i).screenshot(context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName() + "-failed-" + (i + 1));
            }
            browsers.get(i).closeAllPages();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Browser> used(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent("used", key -> new ArrayList<Browser>(), List.class);
    }

    private static Browser launch() {
        try {
            return new Browser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
