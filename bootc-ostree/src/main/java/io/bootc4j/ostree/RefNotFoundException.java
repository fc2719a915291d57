package io.bootc4j.ostree;

/** A revision (ref, checksum or prefix, {@code REF^}) that names no commit in the repository. */
public final class RefNotFoundException extends OstreeException {

    private final String rev;

    public RefNotFoundException(String rev, String why) {
        super("revision \"" + rev + "\": " + why);
        this.rev = rev;
    }

    /** The revision as the caller wrote it. */
    public String rev() {
        return rev;
    }
}
