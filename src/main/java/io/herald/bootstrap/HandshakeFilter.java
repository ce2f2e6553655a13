package io.herald.bootstrap;

import io.herald.security.HandshakeGate;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The {@link HandshakeGate} in Tomcat and GlassFish: runs before the container's WebSocket upgrade
 * filter (Tomcat's WsFilter and Tyrus's servlet filter are mapped "match after", this one "match
 * before"), so a refused handshake gets its HTTP status and is never upgraded.
 */
final class HandshakeFilter implements Filter {
    private final HandshakeGate gate;

    HandshakeFilter(HandshakeGate gate) {
        this.gate = gate;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out
                && "websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
            HandshakeGate.Verdict verdict = gate.check(http.getHeader("Origin"), http.getHeader("Host"),
                    http.isSecure(), http.getRemoteAddr());
            if (verdict != HandshakeGate.Verdict.ALLOW) {
                byte[] body = ("{\"error\":{\"code\":\"" + (verdict.status() == 403 ? "forbidden" : "limit_exceeded")
                        + "\",\"message\":\"" + verdict.reason() + "\"}}").getBytes(StandardCharsets.UTF_8);
                out.setStatus(verdict.status());
                out.setHeader("Connection", "close");
                out.setContentType("application/json");
                out.setContentLength(body.length);
                out.getOutputStream().write(body);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
