package org.latchkey.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditDetailsTest {

    @Test
    void keysInOrder_plainValuesBare_andOthersQuoted() {
        assertThat(AuditDetails.line(Map.of("scopes", "repo,workflow", "name", "ci bot", "count", "3")))
                .isEqualTo("count=3 name=\"ci bot\" scopes=repo,workflow");
        assertThat(AuditDetails.line(Map.of("a", "", "b", "x=y", "c", "say \"hi\"", "d", "back\\slash")))
                .isEqualTo("a=\"\" b=\"x=y\" c=\"say \\\"hi\\\"\" d=\"back\\\\slash\"");
        assertThat(AuditDetails.line(Map.of())).isEmpty();
    }

    @Test
    void controlCharacters_cannotReachATerminal() {
        assertThat(AuditDetails.line(Map.of("name", "evil\u001b[2J\nline"))).isEqualTo("name=\"evil\\u001b[2J\\u000aline\"");
    }
}
