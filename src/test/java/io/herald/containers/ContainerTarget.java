package io.herald.containers;

import io.herald.e2e.HeraldTarget;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;

/** A Herald WAR deployed in a container, addressed by the base URL Arquillian reports for the deployment. */
public final class ContainerTarget implements HeraldTarget {
    private final URI base;

    private ContainerTarget(URI base) {
        this.base = base;
    }

    /** @param base the deployment's root, e.g. {@code http://127.0.0.1:41234/herald/} */
    public static ContainerTarget at(URL base) {
        if (base == null) {
            throw new IllegalStateException("Arquillian injected no deployment URL: the container was not reached");
        }
        try {
            String text = base.toURI().toString();
            return new ContainerTarget(new URI(text.endsWith("/") ? text : text + "/"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public URI wsUri() {
        return URI.create("ws" + base.toString().substring("http".length()) + "ws");
    }

    @Override
    public URI httpUri(String path) {
        return base.resolve(path.substring(1));
    }

    @Override
    public String name() {
        return System.getProperty("herald.container.name", "container");
    }

    /** The context path, e.g. {@code /herald}. */
    public String contextPath() {
        String path = base.getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
