package io.herald.containers;

import org.jboss.arquillian.container.spi.event.container.AfterDeploy;
import org.jboss.arquillian.container.spi.event.container.AfterStart;
import org.jboss.arquillian.container.spi.event.container.BeforeDeploy;
import org.jboss.arquillian.container.spi.event.container.BeforeStart;
import org.jboss.arquillian.core.api.annotation.Observes;
import org.jboss.arquillian.core.spi.LoadableExtension;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Records how long each container took to start and to deploy the WAR, for the report: one line per
 * event in {@code target/container-timings.txt} (and on the test's output). GlassFish's adapter starts
 * the server lazily inside the first deploy, so there "deploy" includes the server start.
 */
public final class ContainerTimings implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(Observer.class);
    }

    public static final class Observer {
        private long startNanos;
        private long deployNanos;

        public void beforeStart(@Observes BeforeStart event) {
            startNanos = System.nanoTime();
        }

        public void afterStart(@Observes AfterStart event) {
            record("start", startNanos);
        }

        public void beforeDeploy(@Observes BeforeDeploy event) {
            deployNanos = System.nanoTime();
        }

        public void afterDeploy(@Observes AfterDeploy event) {
            record("deploy", deployNanos);
        }

        private static void record(String what, long sinceNanos) {
            long millis = (System.nanoTime() - sinceNanos) / 1_000_000;
            String line = System.getProperty("herald.container.name", "container") + " " + what + " " + millis + " ms";
            System.out.println("[timing] " + line);
            String file = System.getProperty("herald.timings");
            if (file == null) {
                return;
            }
            try {
                Files.writeString(Path.of(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                System.out.println("[timing] not recorded: " + e);
            }
        }
    }
}
