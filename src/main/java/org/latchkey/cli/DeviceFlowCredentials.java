package org.latchkey.cli;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The credential helper's device-flow mode, on with {@code git config credential.latchkeyDeviceFlow
 * true} (for every host, or {@code credential.https://HOST.latchkeyDeviceFlow} for one, read with
 * {@code git config --get-urlmatch}) or {@code latchkey credential --device-flow}.
 *
 * <p>{@code get} for a host with nothing stored signs in through the device flow with the built-in
 * CLI app ({@link WebLogin}: the code and the address on standard error, which git shows) and keeps
 * the access and refresh tokens in the vault. A later {@code get} answers the access token while it
 * is live (the server's {@code /api/v1/auth/check} says so); once it has expired, or the server
 * refuses it, or git erased it after a 401, the refresh token renews it silently. All of that
 * happens under the vault's lock, so concurrent git processes never present the same refresh token
 * twice (the second would revoke the grant as a reuse). Only a refused refresh starts the device
 * flow again, and only where a person can see the code: not where git may not prompt
 * ({@code GIT_TERMINAL_PROMPT=0}), nor without a controlling terminal ({@code /dev/tty}, which git
 * prompts on, cannot be opened) or in a CI job ({@code CI=true}, {@code GITHUB_ACTIONS},
 * {@code GITLAB_CI}) unless {@code LATCHKEY_DEVICE_FLOW=force}: there a message says what to do.
 */
final class DeviceFlowCredentials {

    static final String CONFIG_KEY = "credential.latchkeyDeviceFlow";
    /** The variable that, set to {@code force}, starts the device flow without a terminal or in CI. */
    static final String FORCE_VARIABLE = "LATCHKEY_DEVICE_FLOW";
    private static final long MARGIN_SECONDS = 60;

    private final CliEnvironment environment;
    private final PrintWriter err;
    private final Clock clock;
    private final BooleanSupplier terminal;

    DeviceFlowCredentials(CliEnvironment environment, PrintWriter err, Clock clock) {
        this(environment, err, clock, DeviceFlowCredentials::terminalOpens);
    }

    /** {@code terminal}: whether a person may be at a terminal to see the code. */
    DeviceFlowCredentials(CliEnvironment environment, PrintWriter err, Clock clock, BooleanSupplier terminal) {
        this.environment = environment;
        this.err = err;
        this.clock = clock;
        this.terminal = terminal;
    }

    /** Whether git's config turns the mode on for the request's URL ({@code git config --type=bool --get-urlmatch}). */
    static boolean configured(GitCredential request) {
        ProcessBuilder git = new ProcessBuilder("git", "config", "--type=bool", "--get-urlmatch", CONFIG_KEY,
                request.protocol() + "://" + request.host()).redirectError(ProcessBuilder.Redirect.DISCARD);
        try {
            Process process = git.start();
            process.getOutputStream().close();
            String value = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && value.equals("true");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The credential for git: the stored one, renewed, or a new one from the device flow; empty when none can be had. */
    Optional<GitCredential> get(CredentialVault vault, GitCredential request) {
        if (!request.protocol().equals("https") && !request.protocol().equals("http")) {
            return Optional.empty();
        }
        String server = request.protocol() + "://" + request.host();
        WebLogin login = new WebLogin(environment, err, server, "git (or latchkey login --web)");
        return Optional.ofNullable(vault.updateAndAnswer(stored -> {
            Optional<GitCredential> entry = stored.renewable(request);
            if (entry.isPresent() && live(login, entry.get())) {
                return new CredentialVault.Outcome<>(stored, entry.get());
            }
            Optional<GitCredential> renewed = entry.flatMap(found -> renew(login, found));
            if (renewed.isPresent()) {
                return new CredentialVault.Outcome<>(stored.storing(renewed.get()), renewed.get());
            }
            StoredCredentials without = stored.withoutRenewable(request);
            Optional<String> nobody = nobodyToAsk();
            if (nobody.isPresent()) {
                err.println("latchkey: no sign-in for " + server + " (" + (entry.isPresent() ? "it has ended" : "none yet")
                        + "); the device flow needs a person, and " + nobody.get() + ": run git where you"
                        + " can, or latchkey login --web");
                err.flush();
                return new CredentialVault.Outcome<GitCredential>(without, null);
            }
            err.println("latchkey: sign in to " + server + " for git");
            err.flush();
            WebLogin.Tokens tokens = login.run();
            String username = login.owner(tokens.access()).orElseThrow(() -> new CliFailure(ExitCode.NOT_AUTHENTICATED,
                    "the server at " + server + " refused the token it had just issued"));
            GitCredential signedIn = entry(request, username, tokens);
            return new CredentialVault.Outcome<>(without.storing(signedIn), signedIn);
        }));
    }

    /** Why no person can be asked to enter a code here, if so. */
    private Optional<String> nobodyToAsk() {
        if ("0".equals(environment.get("GIT_TERMINAL_PROMPT"))) {
            return Optional.of("GIT_TERMINAL_PROMPT=0 forbids asking");
        }
        if ("force".equalsIgnoreCase(environment.get(FORCE_VARIABLE))) {
            return Optional.empty();
        }
        for (String ci : new String[] {"GITHUB_ACTIONS", "GITLAB_CI"}) {
            if (environment.get(ci) != null) {
                return Optional.of(ci + " says this is a CI job (" + FORCE_VARIABLE + "=force to ask all the same)");
            }
        }
        if ("true".equalsIgnoreCase(environment.get("CI")) || "1".equals(environment.get("CI"))) {
            return Optional.of("CI=" + environment.get("CI") + " says this is a CI job (" + FORCE_VARIABLE
                    + "=force to ask all the same)");
        }
        if (!terminal.getAsBoolean()) {
            return Optional.of("there is no terminal to show the code on (" + FORCE_VARIABLE
                    + "=force to ask all the same)");
        }
        return Optional.empty();
    }

    /** Whether this process has a controlling terminal: git prompts on /dev/tty (CONIN$ on Windows) too. */
    static boolean terminalOpens() {
        String device = System.getProperty("os.name", "").startsWith("Windows") ? "CONIN$" : "/dev/tty";
        try (FileInputStream tty = new FileInputStream(device)) {
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private boolean live(WebLogin login, GitCredential entry) {
        if (entry.password() == null || entry.expiresAt() == null
                || clock.instant().getEpochSecond() >= entry.expiresAt() - MARGIN_SECONDS) {
            return false;
        }
        try {
            return login.owner(entry.password()).isPresent();
        } catch (CliFailure unsure) {
            return true;
        }
    }

    private Optional<GitCredential> renew(WebLogin login, GitCredential entry) {
        try {
            WebLogin.Tokens tokens = login.refresh(entry.refreshToken());
            return Optional.of(new GitCredential(entry.protocol(), entry.host(), null, entry.username(), tokens.access(),
                    tokens.refresh(), expiry(tokens)));
        } catch (CliFailure failure) {
            if (failure.exitCode() != ExitCode.NOT_AUTHENTICATED) {
                throw failure;
            }
            return Optional.empty();
        }
    }

    private GitCredential entry(GitCredential request, String username, WebLogin.Tokens tokens) {
        return new GitCredential(request.protocol(), request.host(), null, username, tokens.access(), tokens.refresh(),
                expiry(tokens));
    }

    private long expiry(WebLogin.Tokens tokens) {
        return clock.instant().getEpochSecond() + tokens.expiresIn();
    }
}
