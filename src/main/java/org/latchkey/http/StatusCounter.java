package org.latchkey.http;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.latchkey.metrics.Metrics;

/** Counts every answered request by status class; the first filter, so the git endpoint is counted too. */
final class StatusCounter implements Filter {

    private final Metrics metrics;

    StatusCounter(Metrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            metrics.httpResponse(failed ? 500 : ((HttpServletResponse) response).getStatus());
        }
    }
}
