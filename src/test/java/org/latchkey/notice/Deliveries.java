package org.latchkey.notice;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import org.latchkey.MutableClock;
import org.latchkey.account.NewUser;
import org.latchkey.account.User;
import org.latchkey.audit.AuditLog;
import org.latchkey.crypto.ServerKey;
import org.latchkey.store.Database;

/** The delivery machinery over one database, as a server builds it, with a clock the test moves. */
final class Deliveries {

    static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The receivers of these tests listen on loopback, which a server allows only when told to. */
    static final HookTargets TEST_RECEIVERS = new HookTargets(true);

    final Database db;
    final MutableClock clock;
    final ServerKey serverKey;
    final NoticeOutbox outbox;
    final NoticeMetrics metrics = NoticeMetrics.unpublished();
    final EmailSender email;

    Deliveries(Database db, MutableClock clock, ServerKey serverKey, EmailSender email) {
        this.db = db;
        this.clock = clock;
        this.serverKey = serverKey;
        this.outbox = new NoticeOutbox(db.notices(), clock);
        this.email = email;
    }

    static Deliveries over(Database db, EmailSender email) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return new Deliveries(db, new MutableClock(T0),
                ServerKey.load(Base64.getEncoder().encodeToString(key), null, RANDOM), email);
    }

    /** A dispatcher as a (re)started server has: a new instance on the same database. */
    NoticeDispatcher dispatcher() {
        return dispatcher(TEST_RECEIVERS);
    }

    /** A dispatcher whose webhooks go only where {@code targets} allows. */
    NoticeDispatcher dispatcher(HookTargets targets) {
        return new NoticeDispatcher(db.deliveries(), db.hooks(), db.users(), email,
                new WebhookSender(java.time.Duration.ofSeconds(5), targets), serverKey, metrics, clock);
    }

    Webhooks webhooks(NoticeDispatcher dispatcher) {
        return webhooks(dispatcher, TEST_RECEIVERS);
    }

    Webhooks webhooks(NoticeDispatcher dispatcher, HookTargets targets) {
        return new Webhooks(db.hooks(), db.deliveries(), dispatcher, serverKey, new AuditLog(db.audit(), clock), clock,
                RANDOM, targets);
    }

    User user(String login) {
        return db.users().insert(new NewUser(login, login + "@example.org", false, "$argon2id$x", T0)).orElseThrow();
    }
}
