package org.latchkey.token;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.latchkey.account.User;
import org.latchkey.audit.Origin;
import org.latchkey.audit.UsageClient;
import org.latchkey.audit.UsageKind;
import org.latchkey.audit.UsageLog;
import org.latchkey.audit.UsageTotal;

/**
 * The seed's "Security Breach" steps for one token: revoke it (reason {@code compromised}), say where
 * it was used in the last {@value #DAYS} days from the usage log (addresses, user agents,
 * repositories, git operations and pushes), and create a replacement with the same settings when
 * asked. Uses still queued for the usage log are written first, so the answer includes the latest.
 */
public final class TokenBreach {

    public static final int DAYS = 30;

    private final TokenService tokens;
    private final UsageLog usage;
    private final Clock clock;

    public TokenBreach(TokenService tokens, UsageLog usage, Clock clock) {
        this.tokens = tokens;
        this.usage = usage;
        this.clock = clock;
    }

    public BreachReport respond(User owner, long id, boolean replace, Origin origin) {
        TokenService.Compromised compromised = tokens.compromised(owner, id, replace, origin);
        Instant since = clock.instant().minus(Duration.ofDays(DAYS));
        List<UsageTotal> totals = usage.totalsNow(id, since);
        List<UsageClient> clients = usage.clientsNow(id, since);
        long totalUses = totals.stream().mapToLong(UsageTotal::uses).sum();
        long pushes = totals.stream().filter(t -> t.kind() == UsageKind.GIT && "push".equals(t.action()) && t.allowed())
                .mapToLong(UsageTotal::uses).sum();
        return new BreachReport(compromised.token(), compromised.revokedNow(), since, totalUses,
                grouped(clients, UsageClient::ip, (ip, list) -> new BreachReport.Address(ip, sum(list), last(list))),
                grouped(clients, UsageClient::userAgent, (ua, list) -> new BreachReport.Agent(ua, sum(list), last(list))),
                repositories(totals), gitOperations(totals), pushes,
                clients.stream().map(c -> new BreachReport.Client(c.ip(), c.userAgent(), c.uses(), c.lastAt())).toList(),
                compromised.replacement());
    }

    private static <T> List<T> grouped(List<UsageClient> clients, Function<UsageClient, String> key,
                                       java.util.function.BiFunction<String, List<UsageClient>, T> make) {
        Map<String, List<UsageClient>> groups = new LinkedHashMap<>();
        clients.stream().filter(c -> key.apply(c) != null)
                .forEach(c -> groups.computeIfAbsent(key.apply(c), k -> new ArrayList<>()).add(c));
        return groups.entrySet().stream().map(e -> make.apply(e.getKey(), e.getValue())).toList();
    }

    private static long sum(List<UsageClient> clients) {
        return clients.stream().mapToLong(UsageClient::uses).sum();
    }

    private static Instant last(List<UsageClient> clients) {
        return clients.stream().map(UsageClient::lastAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    private static List<BreachReport.RepositoryUse> repositories(List<UsageTotal> totals) {
        Map<String, List<UsageTotal>> byRepository = new LinkedHashMap<>();
        totals.stream().filter(t -> t.action() != null && t.repositoryName() != null && t.allowed())
                .forEach(t -> byRepository.computeIfAbsent(t.ownerLogin() + "/" + t.repositoryName(), k -> new ArrayList<>()).add(t));
        return byRepository.entrySet().stream().map(e -> new BreachReport.RepositoryUse(e.getKey(),
                        List.copyOf(new TreeSet<>(e.getValue().stream().map(UsageTotal::action).toList())),
                        e.getValue().stream().mapToLong(UsageTotal::uses).sum(),
                        e.getValue().stream().map(UsageTotal::lastAt).max(Comparator.naturalOrder()).orElseThrow()))
                .sorted(Comparator.comparing(BreachReport.RepositoryUse::lastAt).reversed())
                .toList();
    }

    private static List<BreachReport.GitOperation> gitOperations(List<UsageTotal> totals) {
        return totals.stream().filter(t -> t.kind() == UsageKind.GIT)
                .map(t -> new BreachReport.GitOperation(t.operation(), t.action(),
                        t.repositoryName() == null ? null : t.ownerLogin() + "/" + t.repositoryName(), t.uses(), t.lastAt()))
                .toList();
    }
}
