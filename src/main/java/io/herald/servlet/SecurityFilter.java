package io.herald.servlet;

import io.herald.http.PathGuard;
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
 * Herald's checks in Tomcat and GlassFish, in front of everything else of the application:
 * <ul>
 *   <li>WebSocket handshakes pass the {@link HandshakeGate} (origin, per-address rate). This filter is
 *       mapped "match before" while the containers' own upgrade filters (Tomcat's WsFilter, Tyrus's
 *       servlet filter) are "match after", so a refused handshake gets its HTTP status and is never upgraded.</li>
 *   <li>Admin pages and {@code /metrics} need their credentials ({@link PathGuard}).</li>
 * </ul>
 */
final class SecurityFilter implements Filter {
    private final HandshakeGate gate;
    private final PathGuard guard;

    SecurityFilter(HandshakeGate gate, PathGuard guard) {
        this.gate = gate;
        this.guard = guard;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request instanceof HttpServletRequest http && response instanceof HttpServletResponse out) {
            if ("websocket".equalsIgnoreCase(http.getHeader("Upgrade"))) {
                HandshakeGate.Verdict verdict = gate.check(http.getHeader("Origin"), http.getHeader("Host"),
                        http.isSecure(), http.getRemoteAddr());
                if (verdict != HandshakeGate.Verdict.ALLOW) {
                    out.setHeader("Connection", "close");
                    write(out, verdict.status(), "{\"error\":{\"code\":\""
                            + (verdict.status() == 403 ? "forbidden" : "limit_exceeded")
                            + "\",\"message\":\"" + verdict.reason() + "\"}}");
                    return;
                }
            } else {
                String path = http.getServletPath() + (http.getPathInfo() == null ? "" : http.getPathInfo());
                PathGuard.Refusal refusal = guard.check(path, http.getHeader("Authorization"));
                if (refusal != null) {
                    out.setHeader("WWW-Authenticate", refusal.wwwAuthenticate());
                    write(out, refusal.status(), refusal.json());
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }

    private static void write(HttpServletResponse out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        out.setStatus(status);
        out.setContentType("application/json");
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }
}
