package org.latchkey.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.latchkey.store.Fixtures.T0;
import static org.latchkey.store.Fixtures.classic;
import static org.latchkey.store.TokenStoreTest.insert;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.latchkey.account.User;
import org.latchkey.audit.UsageEvent;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageRow;
import org.latchkey.audit.UsageTotal;
import org.latchkey.repo.NewRepository;
import org.latchkey.repo.Repository;
import org.latchkey.token.Token;

class UsageStoreTest {

    @EachEngine
    void identical_uses_in_one_flush_become_one_row_with_their_count_and_latest_moment(Database db) throws Exception {
        Token token = insert(db, classic(Fixtures.user(db, "octocat").id(), "ci"), T0);
        try (UsageLog log = new UsageLog(db.usage(), 1024, 3_600_000)) {
            for (int i = 0; i < 100; i++) {
                log.record(route(token, T0.plusMillis(i), "GET /api/v1/user", true));
            }
            log.record(route(token, T0, "GET /api/v1/user/audit-log", true));
            log.flush();
        }

        List<String> rows = new ArrayList<>();
        try (Connection connection = db.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT operation, uses, at FROM token_usage ORDER BY operation")) {
            while (result.next()) {
                rows.add(result.getString("operation") + " " + result.getInt("uses") + " "
                        + result.getObject("at", java.time.OffsetDateTime.class).toInstant());
            }
        }
        assertThat(rows).containsExactly("GET /api/v1/user 100 " + T0.plusMillis(99), "GET /api/v1/user/audit-log 1 " + T0);
    }

    @EachEngine
    void totals_sum_rows_per_use_within_the_window_with_current_names(Database db) {
        User user = Fixtures.user(db, "octocat");
        Token token = insert(db, classic(user.id(), "ci"), T0);
        Token other = insert(db, classic(user.id(), "other"), T0);
        Repository api = db.repositories().insert(new NewRepository(user.id(), "api", null, true, T0)).orElseThrow();
        Repository gone = db.repositories().insert(new NewRepository(user.id(), "gone", null, true, T0)).orElseThrow();
        db.usage().append(List.of(
                new UsageRow(push(token, api, T0.plus(Duration.ofDays(1))), 3),
                new UsageRow(push(token, api, T0.plus(Duration.ofDays(2))), 4),
                new UsageRow(push(token, api, T0.minus(Duration.ofDays(1))), 50),
                new UsageRow(push(token, gone, T0.plus(Duration.ofDays(1))), 1),
                new UsageRow(route(token, T0.plus(Duration.ofDays(3)), "GET /api/v1/user/audit-log", false), 2),
                new UsageRow(push(other, api, T0.plus(Duration.ofDays(1))), 9)));
        db.repositories().delete(gone.id());

        List<UsageTotal> totals = db.usage().totals(token.id(), T0);

        assertThat(totals).containsExactly(
                new UsageTotal(UsageKind.API, "GET /api/v1/user/audit-log", null, null, null, null, null, null,
                        "read:audit_log", false, 2, T0.plus(Duration.ofDays(3)), T0.plus(Duration.ofDays(3))),
                new UsageTotal(UsageKind.GIT, "git-receive-pack", "push", user.id(), "octocat", api.id(), "api", true,
                        null, true, 7, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(2))),
                new UsageTotal(UsageKind.GIT, "git-receive-pack", "push", user.id(), "octocat", gone.id(), null, true,
                        null, true, 1, T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1))));
    }

    private static UsageEvent route(Token token, Instant at, String route, boolean allowed) {
        return UsageEvent.route(token.id(), at.toEpochMilli(), route, "read:audit_log", "10.0.0.1", "curl/8", allowed);
    }

    private static UsageEvent push(Token token, Repository repository, Instant at) {
        return new UsageEvent(token.id(), at.toEpochMilli(), UsageKind.GIT, "git-receive-pack", "push",
                repository.ownerId(), repository.id(), repository.isPrivate(), null, "10.0.0.1", "git/2.45", true);
    }
}
