package org.latchkey.git;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.http.server.GitFilter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.ReceivePack;
import org.latchkey.Refusal;
import org.latchkey.access.Action;
import org.latchkey.access.Decision;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.gate.Entry;
import org.latchkey.gate.Gate;
import org.latchkey.gate.Passage;
import org.latchkey.repo.Repository;
import org.latchkey.repo.RepositoryService;

/**
 * Git's smart HTTP protocol on {@code /OWNER/NAME.git/…}: passes the {@link Gate} with the token
 * given as a Basic password (authenticated, rate limited, read or write access decided, the use
 * recorded), then lets JGit serve the request. Refusals are plain text, which git prints as
 * {@code remote:} lines, so "expired", "revoked", "rate limit" and "not found" reach the user; a
 * node that cannot reach the repository's files answers 503 saying so (the database, which every
 * node shares, decides whether a repository exists).
 * Every other path goes on to the API.
 */
public final class GitHttpFilter implements Filter {

    private static final Pattern GIT_PATH =
            Pattern.compile("^/([^/]+)/([^/]+)/(info/refs|git-upload-pack|git-receive-pack|HEAD|objects/.+)$");
    private static final String CHALLENGE = "Basic realm=\"Latchkey\"";

    private static final Entry UPLOAD_PACK = Entry.git("git-upload-pack");
    private static final Entry RECEIVE_PACK = Entry.git("git-receive-pack");

    private final Gate gate;
    private final RepositoryService repositories;
    private final BareRepositories files;
    private final PushPolicy pushPolicy;
    private final MalformedRequests malformed;
    private final GitFilter jgit = new GitFilter();

    public GitHttpFilter(Gate gate, RepositoryService repositories, BareRepositories files, PushPolicy pushPolicy,
                         MalformedRequests malformed) {
        this.malformed = malformed;
        this.gate = gate;
        this.repositories = repositories;
        this.files = files;
        this.pushPolicy = pushPolicy;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        jgit.setRepositoryResolver((request, name) -> {
            try {
                return files.open(GitRequest.of(request).repository());
            } catch (IOException e) {
                throw new org.eclipse.jgit.errors.RepositoryNotFoundException(name, e);
            }
        });
        jgit.setAsIsFileService(null);
        jgit.setReceivePackFactory((request, db) -> receivePack(GitRequest.of(request), db));
        GitErrors errors = new GitErrors(malformed, files::unreachable);
        jgit.setUploadPackErrorHandler(errors);
        jgit.setReceivePackErrorHandler(errors);
        jgit.init(config);
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        Matcher path = GIT_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!path.matches()) {
            chain.doFilter(req, res);
            return;
        }
        String endpoint = path.group(3);
        boolean write = endpoint.equals("git-receive-pack")
                || endpoint.equals("info/refs") && "git-receive-pack".equals(request.getParameter("service"));
        GitRequest git;
        try {
            malformed.checkAddress(request.getRemoteAddr());
            if (!wellFormed(request, response, endpoint)) {
                malformed.refused(request.getRemoteAddr());
                return;
            }
            git = authorise(request, path.group(1), path.group(2), write);
        } catch (Refusal refusal) {
            refusal.retryAfter().ifPresent(after -> response.setHeader("Retry-After", Long.toString(after.toSeconds())));
            refuse(response, refusal.kind().httpStatus(), refusal.getMessage());
            return;
        }
        git.attachTo(request);
        jgit.doFilter(GitBody.of(request, request.getHeader("Content-Encoding"), endpoint), response, chain);
    }

    /**
     * Refuses, in git's plain-text form, what no git client sends: a method the endpoint does not
     * take, a service request of another content type or encoding, an upload-pack body declared over
     * the limit. JGit would answer these with pages of its container's.
     */
    private static boolean wellFormed(HttpServletRequest request, HttpServletResponse response, String endpoint)
            throws IOException {
        boolean service = endpoint.equals("git-upload-pack") || endpoint.equals("git-receive-pack");
        String method = request.getMethod();
        if (service ? !method.equals("POST") : !method.equals("GET") && !method.equals("HEAD")) {
            response.setHeader("Allow", service ? "POST" : "GET, HEAD");
            refuse(response, 405, "Method " + (method.matches("[A-Z]{1,10}") ? method : "(not shown)")
                    + " is not allowed here: git uses " + (service ? "POST" : "GET") + ".");
            return false;
        }
        if (!service) {
            return true;
        }
        String expected = "application/x-" + endpoint + "-request";
        if (!expected.equals(request.getHeader("Content-Type"))) {
            refuse(response, 415, "A " + endpoint + " request must have Content-Type " + expected + ".");
            return false;
        }
        if (!GitBody.supported(request.getHeader("Content-Encoding"))) {
            refuse(response, 415, "A " + endpoint + " request may be sent as gzip or as is, in no other Content-Encoding.");
            return false;
        }
        if (endpoint.equals("git-upload-pack") && request.getContentLengthLong() > GitBody.MAX_UPLOAD_PACK_BYTES) {
            refuse(response, 413, "Malformed git-upload-pack request: the request body is over "
                    + GitBody.MAX_UPLOAD_PACK_BYTES / (1024 * 1024) + " MiB.");
            return false;
        }
        return true;
    }

    /**
     * Passes the gate (an anonymous caller may read what is public), then asks it for the
     * repository: an anonymous caller refused, or asking for what does not exist, is asked for a
     * token. The request's one use is the allowed pull or push; a refused one records nothing.
     */
    private GitRequest authorise(HttpServletRequest request, String owner, String name, boolean write) {
        String userAgent = request.getHeader("User-Agent");
        Passage passage = gate.enter(write ? RECEIVE_PACK : UPLOAD_PACK, request.getHeader("Authorization"),
                request.getRemoteAddr(), userAgent);
        Optional<Repository> repository = repositories.lookup(owner, name);
        Decision decision = repository.map(found ->
                passage.decide(write ? Action.PUSH : Action.PULL, found.target())).orElse(null);
        if (passage.anonymous() && (decision == null || !decision.allowed())) {
            throw Refusal.authenticationRequired("Use a personal access token as the password.");
        }
        if (decision == null) {
            throw RepositoryService.notFound();
        }
        decision.orThrow();
        files.check(repository.get());
        passage.leave(true);
        return new GitRequest(passage.principal(), repository.get(), request.getRemoteAddr(), userAgent);
    }

    private ReceivePack receivePack(GitRequest git, org.eclipse.jgit.lib.Repository db) {
        ExplainingReceivePack pack = new ExplainingReceivePack(db);
        String login = git.principal().user().login();
        String email = git.principal().user().email() == null ? login + "@latchkey" : git.principal().user().email();
        pack.setRefLogIdent(new PersonIdent(login, email));
        pushPolicy.install(pack, git);
        return pack;
    }

    /** A refusal as git shows it: one line of plain text, printed as {@code remote:}. */
    static void refuse(HttpServletResponse response, int status, String message) throws IOException {
        response.setStatus(status);
        if (status == 401) {
            response.setHeader("WWW-Authenticate", CHALLENGE);
        }
        response.setContentType("text/plain; charset=UTF-8");
        String line = message == null ? "Refused." : message.replaceAll("[\\r\\n]+", " ");
        response.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void destroy() {
        jgit.destroy();
    }
}
