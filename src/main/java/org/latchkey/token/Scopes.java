package org.latchkey.token;

import java.util.ArrayList;
import org.latchkey.InvalidField;
import org.latchkey.Text;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The scopes a token was granted, in canonical order, with their implications resolved once so
 * that a check on the hot path is a single set lookup. There is one instance per set of scopes
 * (at most 2^13, made on first use), so the tokens that hold one share it.
 */
public final class Scopes {

    private static final AtomicReferenceArray<Scopes> CANONICAL = new AtomicReferenceArray<>(1 << Scope.values().length);

    public static final Scopes NONE = canonical(EnumSet.noneOf(Scope.class));

    private final Set<Scope> granted;
    private final Set<Scope> effective;
    private final String header;

    private Scopes(EnumSet<Scope> granted) {
        this.granted = Collections.unmodifiableSet(granted);
        EnumSet<Scope> effective = EnumSet.noneOf(Scope.class);
        granted.forEach(scope -> effective.addAll(scope.closure()));
        this.effective = Collections.unmodifiableSet(effective);
        this.header = String.join(", ", wireNames());
    }

    public static Scopes of(Collection<Scope> scopes) {
        return scopes.isEmpty() ? NONE : canonical(EnumSet.copyOf(scopes));
    }

    private static Scopes canonical(EnumSet<Scope> granted) {
        int mask = 0;
        for (Scope scope : granted) {
            mask |= 1 << scope.ordinal();
        }
        Scopes known = CANONICAL.get(mask);
        if (known != null) {
            return known;
        }
        CANONICAL.compareAndSet(mask, null, new Scopes(granted));
        return CANONICAL.get(mask);
    }

    public static Scopes of(Scope... scopes) {
        return of(List.of(scopes));
    }

    /** Parses wire names; throws {@link InvalidField} naming the first unknown scope. */
    public static Scopes parse(Collection<String> names) {
        List<Scope> scopes = new ArrayList<>();
        for (String name : names) {
            if (name == null) {
                throw InvalidField.invalid("scopes", "a scope may not be null");
            }
            scopes.add(Scope.fromWireName(name).orElseThrow(() -> InvalidField.invalid("scopes",
                    "unknown scope " + Text.quoted(name, "(not shown: it is not a scope name)"))));
        }
        return of(scopes);
    }

    public boolean allows(Scope required) {
        return effective.contains(required);
    }

    public Set<Scope> granted() {
        return granted;
    }

    public List<String> wireNames() {
        return granted.stream().map(Scope::wireName).toList();
    }

    /** The comma-separated list GitHub sends in {@code X-OAuth-Scopes}. */
    public String header() {
        return header;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Scopes that && granted.equals(that.granted);
    }

    @Override
    public int hashCode() {
        return granted.hashCode();
    }

    @Override
    public String toString() {
        return header;
    }
}
