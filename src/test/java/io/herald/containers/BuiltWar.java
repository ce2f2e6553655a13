package io.herald.containers;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;

import java.io.File;

/**
 * The WAR that {@code mvn package} built ({@code target/herald.war}), exactly as users deploy it: the
 * integration tests never assemble a subset of classes. Its name gives the context path {@code /herald}.
 */
public final class BuiltWar {
    private BuiltWar() {
    }

    public static File file() {
        String path = System.getProperty("herald.war", "target/herald.war");
        File war = new File(path);
        if (!war.isFile()) {
            throw new IllegalStateException("no built WAR at " + war.getAbsolutePath() + ": run `mvn verify`, not the test alone");
        }
        return war;
    }

    public static WebArchive archive() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, file());
    }
}
