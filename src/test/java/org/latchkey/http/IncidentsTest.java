package org.latchkey.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.latchkey.LogCapture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An unexpected failure is one log line under an id, without its message; a server fault keeps its stack trace. */
class IncidentsTest {

    private static final Logger LOG = LoggerFactory.getLogger(IncidentsTest.class);
    private static final String QUOTED_INPUT = "lkp_" + "Ab".repeat(18);

    @RegisterExtension
    final LogCapture logs = LogCapture.failingOnTokens();

    @Test
    void an_unexpected_failure_is_one_line_naming_its_id_class_and_place_never_its_message() {
        String id = Incidents.report(LOG, "GET /api/v1/user", new IllegalStateException("bad input " + QUOTED_INPUT));

        assertThat(id).matches("[0-9a-f]{12}");
        assertThat(logs.lines()).singleElement().asString()
                .contains("internal error " + id + " in GET /api/v1/user: java.lang.IllegalStateException at ")
                .contains("IncidentsTest").doesNotContain("bad input").doesNotContain("\tat ");
    }

    @Test
    void a_fault_of_the_server_keeps_its_stack_trace() {
        String id = Incidents.report(LOG, "POST /api/v1/user/tokens",
                new UncheckedIOException(new java.io.IOException("disk full")));

        assertThat(logs.text()).contains("internal error " + id).contains("\tat ");
    }

    @Test
    void ids_differ() {
        assertThat(Incidents.report(LOG, "x", new RuntimeException())).isNotEqualTo(Incidents.report(LOG, "x", new RuntimeException()));
    }
}
