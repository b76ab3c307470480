package org.latchkey.git;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.http.server.ReceivePackErrorHandler;
import org.eclipse.jgit.http.server.UploadPackErrorHandler;
import org.eclipse.jgit.transport.ServiceMayNotContinueException;
import org.latchkey.auth.MalformedRequests;
import org.latchkey.http.Incidents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What becomes of a failed upload-pack or receive-pack, in place of JGit's default (a 500 and a
 * stack trace for anything it did not expect). What the client sent wrong is a 4xx with one line
 * of plain text, which git prints, logged in one line and counted against the address; once the
 * answer has begun (a pack's status report already told git), only the log line and the count
 * remain. A failure while the repository storage is lost is a 503; any other fault of the server
 * is a 500 naming an incident id.
 */
final class GitErrors implements UploadPackErrorHandler, ReceivePackErrorHandler {

    private static final Logger LOG = LoggerFactory.getLogger(GitErrors.class);

    private final MalformedRequests malformed;
    private final BooleanSupplier storageLost;

    GitErrors(MalformedRequests malformed, BooleanSupplier storageLost) {
        this.malformed = malformed;
        this.storageLost = storageLost;
    }

    /** A git service run that may fail. */
    private interface Service {
        void run() throws IOException;
    }

    @Override
    public void upload(HttpServletRequest request, HttpServletResponse response, UploadPackRunnable upload) throws IOException {
        serve("git-upload-pack", request, response, upload::upload);
    }

    @Override
    public void receive(HttpServletRequest request, HttpServletResponse response, ReceivePackRunnable receive)
            throws IOException {
        serve("git-receive-pack", request, response, receive::receive);
    }

    private void serve(String service, HttpServletRequest request, HttpServletResponse response, Service run)
            throws IOException {
        try {
            run.run();
        } catch (ServiceMayNotContinueException e) {
            if (!e.isOutput()) {
                answer(response, e.getStatusCode(), e.getMessage());
            }
        } catch (IOException | RuntimeException | Error e) {
            ClientFault fault = ClientFault.of(e);
            if (fault == null && storageLost.getAsBoolean()) {
                LOG.warn("{} failed: the repository storage was lost ({})", service, e.getClass().getSimpleName());
                answer(response, 503, "This node lost its repository storage during the request. Try again later.");
                return;
            }
            if (fault == null) {
                String id = Incidents.report(LOG, service, e);
                answer(response, 500, "Internal error (incident " + id + ")");
                return;
            }
            LOG.info("refused a malformed {} request from {}: {}", service, request.getRemoteAddr(), fault.reason());
            malformed.refused(request.getRemoteAddr());
            answer(response, fault.status(), "Malformed " + service + " request: " + fault.reason() + ".");
        }
    }

    /** The answer, unless one has begun (then git already has its report, or the connection is lost). */
    private static void answer(HttpServletResponse response, int status, String message) throws IOException {
        if (!response.isCommitted()) {
            response.reset();
            GitHttpFilter.refuse(response, status, message);
        }
    }
}
