package org.latchkey.trust;

import java.util.List;

/** What a job token was minted for: its owner, the job's issuer and subject, workflow, ref, run, commit, and the policies applied. */
public record JobRecord(long tokenId, long ownerId, String issuer, String subject, String workflow, String ref, String runId,
                        String sha, List<Long> policyIds) {

    public JobRecord {
        policyIds = List.copyOf(policyIds);
    }

    public static JobRecord of(long tokenId, long ownerId, JobClaims job, List<Long> policyIds) {
        return new JobRecord(tokenId, ownerId, job.issuer(), job.shownSubject(), job.workflow(), job.ref(), job.runId(), job.sha(),
                policyIds);
    }

    /** "acme/app's release.yml, run 1234, at sha 0123abc (refs/tags/v1)", from what the job presented. */
    public static String describe(JobClaims job) {
        StringBuilder text = new StringBuilder(job.project());
        if (job.workflow() != null) {
            text.append("'s ").append(job.workflow());
        }
        if (job.runId() != null) {
            text.append(", run ").append(job.runId());
        }
        if (job.sha() != null) {
            text.append(", at sha ").append(job.sha(), 0, Math.min(12, job.sha().length()));
        }
        if (job.ref() != null) {
            text.append(" (").append(job.ref()).append(')');
        }
        return text.toString();
    }
}
