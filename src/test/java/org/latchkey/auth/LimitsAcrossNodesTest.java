package org.latchkey.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.latchkey.MutableClock;
import org.latchkey.account.CountExchange;
import org.latchkey.account.LockedOut;
import org.latchkey.account.LoginThrottle;
import org.latchkey.account.SharedCounts;
import org.latchkey.account.User;
import org.latchkey.redis.RedisCountExchange;
import org.latchkey.token.Scopes;
import org.latchkey.token.Token;
import org.latchkey.token.TokenHash;
import org.latchkey.token.TokenType;
import org.latchkey.token.TokenUsage;

/**
 * Rate limits and lockouts hold across three nodes that merge their counts through one store
 * (H2, PostgreSQL, Redis), within the documented bound: nodes × rate × sync interval.
 */
class LimitsAcrossNodesTest {

    private static final int NODES = 3;
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:07Z"));
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void aRateLimitOf100SpreadOverThreeNodes_allowsAtMost100PlusTheBound(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        int perNodePerSync = 10;
        List<RateLimiter> limiters = new ArrayList<>();
        List<Principal> principals = new ArrayList<>();
        for (SharedCounts node : nodes) {
            limiters.add(new RateLimiter(100, clock, node));
            principals.add(principal(42));
        }
        int allowed = 0;
        for (int interval = 0; interval < 40; interval++) {
            for (int i = 0; i < perNodePerSync; i++) {
                for (int n = 0; n < NODES; n++) {
                    allowed += acquire(limiters.get(n), principals.get(n));
                }
            }
            clock.advance(Duration.ofSeconds(1));
            syncAll(nodes);
        }

        assertThat(allowed).isBetween(100, 100 + NODES * perNodePerSync);
        for (int n = 0; n < NODES; n++) {
            int node = n;
            assertThatThrownBy(() -> limiters.get(node).acquire(principals.get(node))).isInstanceOf(RateLimited.class);
        }
        assertThat(limiters.get(0).acquire(principal(43)).remaining()).isEqualTo(99);
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void aRateLimitWindow_resetsOnEveryNode_anHourAfterItStartedOnAny(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        RateLimiter first = new RateLimiter(2, clock, nodes.get(0));
        RateLimiter second = new RateLimiter(2, clock, nodes.get(1));
        Principal onFirst = principal(7);
        Principal onSecond = principal(7);
        long started = clock.instant().getEpochSecond();
        first.acquire(onFirst);
        first.acquire(onFirst);
        syncAll(nodes);
        clock.advance(Duration.ofMinutes(10));

        assertThatThrownBy(() -> second.acquire(onSecond)).isInstanceOf(RateLimited.class)
                .satisfies(e -> assertThat(((RateLimited) e).status().resetEpochSecond())
                        .isBetween(started - 60 + 3600, started + 3600));
        clock.advance(Duration.ofMinutes(50));
        assertThat(second.acquire(onSecond).allowed()).isTrue();
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void anAddressLockoutReachedThroughThreeNodes_holdsOnAll(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        List<LoginThrottle> throttles = nodes.stream().map(n -> new LoginThrottle(clock, n)).toList();
        for (int i = 0; i < 29; i++) {
            throttles.get(i % NODES).checkIpAndFail("203.0.113.9");
            clock.advance(Duration.ofSeconds(1));
            syncAll(nodes);
        }
        throttles.get(0).checkIp("203.0.113.9");
        throttles.get(2).checkIpAndFail("203.0.113.9");
        syncAll(nodes);

        for (LoginThrottle throttle : throttles) {
            assertThatThrownBy(() -> throttle.checkIp("203.0.113.9")).isInstanceOf(LockedOut.class);
            assertThatThrownBy(() -> throttle.checkIpAndFail("203.0.113.9")).isInstanceOf(LockedOut.class);
            throttle.checkIp("203.0.113.10");
        }
        clock.advance(Duration.ofMinutes(15));
        throttles.forEach(t -> t.checkIp("203.0.113.9"));
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void anAccountLockout_countsFailuresOnEveryNode_inAnyLetterCase(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        List<LoginThrottle> throttles = nodes.stream().map(n -> new LoginThrottle(clock, n)).toList();
        String[] spellings = {"alice", "Alice", "ALICE"};
        boolean locked = false;
        for (int i = 0; i < 10; i++) {
            locked = throttles.get(i % NODES).userFailed(spellings[i % NODES]);
            syncAll(nodes);
        }
        syncAll(nodes);

        assertThat(locked).isTrue();
        for (LoginThrottle throttle : throttles) {
            assertThatThrownBy(() -> throttle.checkUser("aLiCe")).isInstanceOf(LockedOut.class);
        }
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void aDeadTokenThrottledOnOneNode_isThrottledOnAll(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        List<LoginThrottle> throttles = nodes.stream().map(n -> new LoginThrottle(clock, n)).toList();
        for (int i = 0; i < 30; i++) {
            throttles.get(i % NODES).deadTokenPresented(99);
            syncAll(nodes);
        }
        syncAll(nodes);

        for (LoginThrottle throttle : throttles) {
            assertThat(throttle.deadTokenLockedUntil(99)).isNotNull();
            assertThat(throttle.deadTokenLockedUntil(98)).isNull();
        }
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void failuresBetweenSyncs_lockWithinTheBound(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        List<LoginThrottle> throttles = nodes.stream().map(n -> new LoginThrottle(clock, n)).toList();
        int failures = 0;
        boolean locked = false;
        while (!locked && failures < 100) {
            for (int i = 0; i < 5 && !locked; i++) {
                locked = throttles.get(failures % NODES).ipFailed("198.51.100.4");
                failures++;
            }
            clock.advance(Duration.ofSeconds(1));
            syncAll(nodes);
        }

        assertThat(locked).isTrue();
        assertThat(failures).isBetween(30, 30 + NODES * 5);
        for (LoginThrottle throttle : throttles) {
            assertThatThrownBy(() -> throttle.checkIp("198.51.100.4")).isInstanceOf(LockedOut.class);
        }
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void anAddressOfAnyLength_isCountedAcrossNodes_andDoesNotStopTheSync(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        List<LoginThrottle> throttles = nodes.stream().map(n -> new LoginThrottle(clock, n)).toList();
        String huge = "x".repeat(5000);
        for (int i = 0; i < 30; i++) {
            throttles.get(i % NODES).ipFailed(huge);
            throttles.get(i % NODES).ipFailed("192.0.2." + (i % NODES));
            syncAll(nodes);
        }

        for (LoginThrottle throttle : throttles) {
            assertThatThrownBy(() -> throttle.checkIp(huge)).isInstanceOf(LockedOut.class);
            throttle.checkIp("x".repeat(4999));
        }
    }

    @ParameterizedTest
    @EnumSource(CountStores.class)
    void withoutASync_aNodeKnowsOnlyItsOwnCount_andTheHotPathTouchesNoStore(CountStores store) {
        List<SharedCounts> nodes = nodes(store);
        RateLimiter first = new RateLimiter(5, clock, nodes.get(0));
        RateLimiter second = new RateLimiter(5, clock, nodes.get(1));
        Principal a = principal(5);
        Principal b = principal(5);
        for (int i = 0; i < 5; i++) {
            first.acquire(a);
        }

        assertThat(second.acquire(b).allowed()).isTrue();
        syncAll(nodes);
        assertThatThrownBy(() -> second.acquire(b)).isInstanceOf(RateLimited.class);
    }

    /**
     * What one second does: each node syncs every half second at its own moment, so every count
     * made before the second began has been pushed and pulled by every node at its end.
     */
    private static void syncAll(List<SharedCounts> nodes) {
        nodes.forEach(SharedCounts::sync);
        nodes.forEach(SharedCounts::sync);
    }

    private List<SharedCounts> nodes(CountStores store) {
        CountStores.Opened exchange = store.open();
        opened.add(exchange);
        List<SharedCounts> nodes = new ArrayList<>();
        for (int n = 0; n < NODES; n++) {
            nodes.add(SharedCounts.shared(exchange.exchange(), "node-" + n, clock));
        }
        return nodes;
    }

    private static int acquire(RateLimiter limiter, Principal principal) {
        try {
            limiter.acquire(principal);
            return 1;
        } catch (RateLimited e) {
            return 0;
        }
    }

    private Principal principal(long tokenId) {
        Instant now = clock.instant();
        Token token = new Token(tokenId, 1, TokenType.CLASSIC, "t", null, Scopes.NONE, now, null, null, null, null, 1,
                TokenHash.fromBytes(new byte[32]), TokenUsage.NEVER);
        return new Principal(new User(1, "alice", null, false, now), token, null);
    }

    /** The stores nodes merge counts through; Redis is skipped, loudly, when none runs on 127.0.0.1:6379. */
    enum CountStores {
        H2, POSTGRESQL, REDIS;

        private static final URI REDIS_URL = URI.create("redis://127.0.0.1:6379");

        record Opened(CountExchange exchange, AutoCloseable cleanup) implements AutoCloseable {
            @Override
            public void close() throws Exception {
                cleanup.close();
            }
        }

        Opened open() {
            if (this == REDIS) {
                if (!redisRuns()) {
                    System.err.println("SKIPPED: no Redis on 127.0.0.1:6379, limits through Redis are not tested");
                    Assumptions.abort("no Redis on 127.0.0.1:6379");
                }
                RedisCountExchange redis = new RedisCountExchange(REDIS_URL,
                        "latchkey-test:" + UUID.randomUUID() + ":");
                return new Opened(redis, redis);
            }
            var fresh = org.latchkey.store.TestDatabases.fresh(org.latchkey.store.TestDatabases.Engine.valueOf(name()));
            return new Opened(fresh.database().counts(), fresh);
        }

        private static boolean redisRuns() {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
                return true;
            } catch (IOException e) {
                return false;
            }
        }
    }
}
