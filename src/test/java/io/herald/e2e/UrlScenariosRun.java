package io.herald.e2e;

import io.herald.containers.ContainerTarget;

import java.net.URL;

/**
 * The scenario suite against a Herald that is already running somewhere, for diagnosing a container by
 * hand: {@code mvn test -Dtest=UrlScenariosRun -Dherald.url=http://127.0.0.1:8080/herald/}. Not part of
 * the build (the name matches neither surefire's nor failsafe's patterns).
 */
class UrlScenariosRun extends HeraldScenarios {
    @Override
    protected HeraldTarget target() {
        try {
            return ContainerTarget.at(new URL(System.getProperty("herald.url")));
        } catch (java.net.MalformedURLException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
