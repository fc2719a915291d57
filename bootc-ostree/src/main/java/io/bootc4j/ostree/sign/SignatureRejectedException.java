package io.bootc4j.ostree.sign;

import io.bootc4j.ostree.OstreeException;
import java.util.List;

/** No signature on a commit or summary verified against the trusted keys; {@link #problems()} says why. */
public final class SignatureRejectedException extends OstreeException {

    private static final long serialVersionUID = 1L;

    private final String subject;
    private final List<String> problems;

    public SignatureRejectedException(String subject, List<String> problems) {
        super(subject + ": no valid signature" + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)));
        this.subject = subject;
        this.problems = List.copyOf(problems);
    }

    /** What was being verified, e.g. {@code "commit 1a2b…"}. */
    public String subject() {
        return subject;
    }

    public List<String> problems() {
        return problems;
    }
}
