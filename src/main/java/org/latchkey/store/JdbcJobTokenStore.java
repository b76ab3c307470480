package org.latchkey.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.latchkey.token.NewToken;
import org.latchkey.token.Token;
import org.latchkey.trust.JobRecord;
import org.latchkey.trust.JobTokenStore;

/** Job tokens: a {@code tokens} row and its {@code job_tokens} record, written in one transaction. */
final class JdbcJobTokenStore implements JobTokenStore {

    private static final String SELECT = "SELECT token_id, owner_id, issuer, subject, workflow, ref, run_id, sha, policy_ids"
            + " FROM job_tokens ";

    private final Transactions transactions;

    JdbcJobTokenStore(Transactions transactions) {
        this.transactions = transactions;
    }

    @Override
    public Token insert(NewToken token, JobRecord job) {
        return transactions.inTransaction("jobTokens.insert", connection -> {
            long id = JdbcTokenStore.insertRow(connection, token, null);
            Sql.update(connection, "INSERT INTO job_tokens (token_id, owner_id, issuer, subject, workflow, ref, run_id, sha,"
                            + " policy_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", id, job.ownerId(), job.issuer(), job.subject(),
                    job.workflow(), job.ref(), job.runId(), job.sha(),
                    job.policyIds().stream().map(String::valueOf).collect(Collectors.joining(",")));
            return TokenRows.byId(connection, id).orElseThrow();
        });
    }

    @Override
    public Optional<JobRecord> find(long tokenId) {
        return transactions.read("jobTokens.find", connection ->
                Sql.one(connection, SELECT + "WHERE token_id = ?", JdbcJobTokenStore::job, tokenId));
    }

    @Override
    public List<JobToken> listByOwner(long ownerId, Instant since) {
        return transactions.read("jobTokens.listByOwner", connection -> {
            List<JobRecord> jobs = Sql.list(connection, SELECT + "WHERE owner_id = ? AND token_id IN (SELECT id FROM tokens"
                    + " WHERE expires_at > ? AND deleted_at IS NULL) ORDER BY token_id DESC", JdbcJobTokenStore::job, ownerId, since);
            if (jobs.isEmpty()) {
                return List.of();
            }
            String marks = jobs.stream().map(job -> "?").collect(Collectors.joining(", "));
            Map<Long, Token> tokens = TokenRows.list(connection, "WHERE id IN (" + marks + ")",
                    jobs.stream().map(JobRecord::tokenId).toArray()).stream()
                    .collect(Collectors.toMap(Token::id, Function.identity()));
            return jobs.stream().filter(job -> tokens.containsKey(job.tokenId()))
                    .map(job -> new JobToken(tokens.get(job.tokenId()), job)).toList();
        });
    }

    private static JobRecord job(ResultSet row) throws SQLException {
        String policies = row.getString("policy_ids");
        return new JobRecord(row.getLong("token_id"), row.getLong("owner_id"), row.getString("issuer"),
                row.getString("subject"), row.getString("workflow"), row.getString("ref"), row.getString("run_id"),
                row.getString("sha"), policies.isEmpty() ? List.of()
                        : Arrays.stream(policies.split(",")).map(Long::parseLong).toList());
    }
}
