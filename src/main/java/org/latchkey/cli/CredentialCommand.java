package org.latchkey.cli;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code latchkey credential get|store|erase}: a git credential helper keeping credentials
 * encrypted in {@link CredentialVault}, matched as {@link StoredCredentials} says. It reads git's
 * description from standard input ({@link CredentialProtocol}) and prints a password only as the
 * {@code password=} line of {@code get}.
 */
@Command(name = "credential", mixinStandardHelpOptions = true,
        description = {"A git credential helper that keeps passwords and tokens encrypted at rest.",
                "They are sealed with AES-256-GCM in credentials.enc in the config directory ($LATCHKEY_CONFIG_DIR,",
                "$XDG_CONFIG_HOME/latchkey or $HOME/.config/latchkey), the key in credentials.key (0600) or the desktop keyring.",
                "  git config --global credential.helper \"!latchkey credential\"",
                "or, with bin/ on the PATH (git runs git-credential-latchkey):",
                "  git config --global credential.helper latchkey",
                "Git calls get, store and erase itself; erase after a refused password drops it.",
                "With git config credential.latchkeyDeviceFlow true (or --device-flow), get signs in through the browser",
                "(the device flow) for a host with nothing stored, and renews that token silently with its refresh token.",
                "It does not start a device flow without a terminal or in CI (CI=true, GITHUB_ACTIONS, GITLAB_CI)",
                "unless " + DeviceFlowCredentials.FORCE_VARIABLE + "=force; nor with GIT_TERMINAL_PROMPT=0."},
        subcommands = {CredentialCommand.Get.class, CredentialCommand.Store.class, CredentialCommand.Erase.class})
final class CredentialCommand implements Runnable {

    @Option(names = "--key-store", paramLabel = "WHERE",
            description = {"Where the key of a new credentials.enc goes: auto (the desktop keyring through secret-tool when",
                    "there is a D-Bus session, else the file), file (credentials.key) or keyring.",
                    "Default: $" + KeyStoreChoice.VARIABLE + ", else auto. An existing file keeps its key where it is."})
    String keyStore;

    @Option(names = "--device-flow",
            description = {"For a host with nothing stored, sign in through the device flow (a code to approve in a browser)",
                    "and keep the app token and its refresh token; as git config " + DeviceFlowCredentials.CONFIG_KEY + " true."})
    boolean deviceFlow;

    @Parameters(arity = "0..1", hidden = true, paramLabel = "ACTION",
            description = "Any other action is ignored, as git's protocol asks of helpers, so newer gits can ask more.")
    String otherAction;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        if (otherAction == null) {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    CliEnvironment environment() {
        return ((LatchkeyCommand) spec.root().userObject()).environment();
    }

    CredentialVault vault() {
        CliEnvironment environment = environment();
        ConfigStore config = ConfigStore.locate(environment, notice -> {
            spec.commandLine().getErr().println(notice);
            spec.commandLine().getErr().flush();
        });
        return new CredentialVault(config, KeyStoreChoice.of(keyStore, environment), environment, new SecureRandom());
    }

    /** git's description from standard input; protocol and host are required. */
    GitCredential request() {
        GitCredential request = CredentialProtocol.read(environment().stdin());
        if (request.protocol() == null || request.host() == null) {
            throw CredentialProtocol.malformed("protocol and host are required");
        }
        return request;
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = {"Print username= and password= of the stored credential matching standard input; nothing if none.",
                    "In a CI job ($" + CiJob.ID_TOKEN + ", or GitHub's or Forgejo's $" + CiJob.REQUEST_URL + " and $"
                            + CiJob.REQUEST_TOKEN + " with permissions: id-token: write), exchange the job's ID token",
                    "for a job token instead (username=" + CiJob.USERNAME + "); with credential.useHttpPath the",
                    "repository's owner is named in the exchange. Nothing is stored."})
    static final class Get implements Callable<Integer> {

        @ParentCommand
        CredentialCommand helper;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Optional<CiJob> job = CiJob.of(helper.environment().env());
            if (job.isPresent()) {
                GitCredential request = helper.request();
                if (request.protocol().equals("http") || request.protocol().equals("https")) {
                    String token = job.get().exchange(request.protocol() + "://" + request.host(), CiJob.ownerOf(request.path()));
                    CredentialProtocol.answer(spec.commandLine().getOut(),
                            new GitCredential(request.protocol(), request.host(), request.path(), CiJob.USERNAME, token));
                }
                return 0;
            }
            CredentialVault vault = helper.vault();
            GitCredential request = helper.request();
            Optional<GitCredential> found = vault.load().find(request);
            if (found.map(GitCredential::renewable).orElse(true)
                    && (helper.deviceFlow || DeviceFlowCredentials.configured(request))) {
                found = new DeviceFlowCredentials(helper.environment(), spec.commandLine().getErr(), Clock.systemUTC())
                        .get(vault, request);
            }
            found.ifPresent(credential -> CredentialProtocol.answer(spec.commandLine().getOut(), credential));
            return 0;
        }
    }

    @Command(name = "store", mixinStandardHelpOptions = true,
            description = {"Keep the credential on standard input, replacing one for the same protocol, host, path and username.",
                    "A job token (lkj_) is never kept: it lives minutes, and the next get exchanges a new one."})
    static final class Store implements Callable<Integer> {

        @ParentCommand
        CredentialCommand helper;

        @Override
        public Integer call() {
            CredentialVault vault = helper.vault();
            GitCredential credential = helper.request();
            if (credential.username() == null || credential.password() == null) {
                throw CredentialProtocol.malformed("store needs a username and a password");
            }
            if (credential.password().startsWith("lkj_")) {
                return 0;
            }
            vault.update(stored -> stored.storing(credential));
            return 0;
        }
    }

    @Command(name = "erase", mixinStandardHelpOptions = true,
            description = {"Remove the stored credentials matching standard input.",
                    "With a password, only those with it (git sends the password the server refused, so a newer one stays)."})
    static final class Erase implements Callable<Integer> {

        @ParentCommand
        CredentialCommand helper;

        @Override
        public Integer call() {
            CredentialVault vault = helper.vault();
            GitCredential request = helper.request();
            vault.update(stored -> stored.erasing(request));
            return 0;
        }
    }
}
