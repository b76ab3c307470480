package org.latchkey.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.latchkey.TestServer;

/** Reads one sample out of a server's /metrics page. */
public final class MetricsScrape {

    public static final String TOKEN = "metrics-secret-for-tests";

    private MetricsScrape() {
    }

    public static String scrape(TestServer server) {
        TestServer.Response response = server.get("/metrics", "Bearer " + TOKEN);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    /** The value of the sample {@code series} (name and labels exactly as printed), or 0 when absent. */
    public static double value(String page, String series) {
        for (String line : page.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim().split(" ")[0]);
            }
        }
        return 0;
    }
}
