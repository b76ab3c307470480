package org.latchkey.trust;

import java.util.Map;
import org.latchkey.SecretShape;
import org.latchkey.Text;

/**
 * The verified claims of a CI job's ID token, and what a job token records of them: the project,
 * the workflow file, the ref, the run and the commit, read from the claims GitHub Actions
 * ({@code repository}, {@code job_workflow_ref}/{@code workflow_ref}, {@code run_id}) and GitLab
 * ({@code project_path}, {@code ci_config_ref_uri}, {@code pipeline_id}) send; any of them may be absent.
 */
public record JobClaims(String issuer, String subject, Map<String, Object> claims) {

    private static final int MAX_SHOWN = 200;

    public JobClaims {
        claims = claims == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(claims));
    }

    public String project() {
        String project = first("repository", "project_path");
        return project == null ? shown(subject == null ? "" : subject) : project;
    }

    /** The workflow file ({@code release.yml}) of {@code acme/app/.github/workflows/release.yml@refs/tags/v1}. */
    public String workflow() {
        String ref = first("job_workflow_ref", "workflow_ref", "ci_config_ref_uri");
        if (ref == null) {
            return first("workflow");
        }
        int at = ref.indexOf('@');
        String path = at < 0 ? ref : ref.substring(0, at);
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public String ref() {
        return first("ref");
    }

    public String runId() {
        return first("run_id", "pipeline_id");
    }

    public String sha() {
        return first("sha");
    }

    /** The first of the claims present, as a string fit to store and show: never a token secret, never longer than 200. */
    private String first(String... names) {
        for (String name : names) {
            String value = ClaimRule.asString(claims.get(name));
            if (value != null && !value.isEmpty()) {
                return shown(value);
            }
        }
        return null;
    }

    /** The subject, fit to store and show. */
    public String shownSubject() {
        return subject == null ? null : shown(subject);
    }

    static String shown(String value) {
        if (SecretShape.mayHoldSecret(value) || Text.problem(value, false) != null) {
            return "(not shown)";
        }
        return value.length() > MAX_SHOWN ? value.substring(0, MAX_SHOWN) + "…" : value;
    }
}
