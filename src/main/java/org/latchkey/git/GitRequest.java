package org.latchkey.git;

import jakarta.servlet.http.HttpServletRequest;
import org.latchkey.auth.Principal;
import org.latchkey.repo.Repository;

/** What the git endpoint learned about a request before JGit serves it: who pushes to which repository, from where. */
record GitRequest(Principal principal, Repository repository, String ip, String userAgent) {

    private static final String ATTRIBUTE = GitRequest.class.getName();

    void attachTo(HttpServletRequest request) {
        request.setAttribute(ATTRIBUTE, this);
    }

    static GitRequest of(HttpServletRequest request) {
        return (GitRequest) request.getAttribute(ATTRIBUTE);
    }
}
