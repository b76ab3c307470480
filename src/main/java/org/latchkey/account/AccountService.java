package org.latchkey.account;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import org.latchkey.audit.AuditAction;
import org.latchkey.audit.AuditLog;
import org.latchkey.audit.Origin;

/** Creates user accounts with validated logins, e-mail addresses and passwords. */
public final class AccountService {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,190}\\.[^@\\s.]{2,63}");
    public static final int MIN_PASSWORD = PasswordRules.MIN_LENGTH;

    private final UserStore users;
    private final Passwords passwords;
    private final AuditLog audit;
    private final Clock clock;

    public AccountService(UserStore users, Passwords passwords, AuditLog audit, Clock clock) {
        this.users = users;
        this.passwords = passwords;
        this.audit = audit;
        this.clock = clock;
    }

    public User create(String login, String email, String password, boolean admin, String actor, Origin origin) {
        validate(login, email, password);
        NewUser user = new NewUser(login, email, admin, passwords.hash(password), clock.instant().truncatedTo(ChronoUnit.MILLIS));
        User created = users.insert(user).orElseThrow(() -> InvalidField.alreadyExists("username", "is already taken"));
        audit.record(AuditAction.USER_CREATED, created.id(), actor, null, origin, Map.of("login", created.login()));
        return created;
    }

    public Optional<User> find(long id) {
        return users.findById(id);
    }

    public boolean hasUsers() {
        return users.count() > 0;
    }

    /** Whether a login could belong to an account (or organisation): only such logins are ever looked up. */
    public static boolean isPossibleLogin(String login) {
        return LOGIN.matcher(login).matches();
    }

    private static void validate(String login, String email, String password) {
        if (login == null || login.isEmpty()) {
            throw InvalidField.missing("username");
        }
        if (!isPossibleLogin(login)) {
            throw InvalidField.invalid("username", "may contain only letters, digits and single hyphens, 1 to 39 characters,"
                    + " not starting or ending with a hyphen");
        }
        if (email != null && !email.isEmpty() && (!EMAIL.matcher(email).matches() || Text.problem(email, false) != null)) {
            throw InvalidField.invalid("email", "is not an e-mail address");
        }
        PasswordRules.check("password", password);
    }
}
