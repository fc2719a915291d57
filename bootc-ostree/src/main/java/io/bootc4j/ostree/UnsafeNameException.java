package io.bootc4j.ostree;

/**
 * A file name inside a dirtree (or about to go into one) that ostree would refuse and that could
 * escape a checkout: empty, {@code .}, {@code ..}, containing {@code /} or NUL, or a duplicate.
 */
public final class UnsafeNameException extends ObjectFormatException {

    private static final long serialVersionUID = 1L;

    private final String name;

    public UnsafeNameException(String name, String reason) {
        super("file name \"" + name + "\": " + reason);
        this.name = name;
    }

    /** With {@code context} naming where the name was found, e.g. {@code "dirtree 1c77…"}. */
    public UnsafeNameException(String context, String name, String reason) {
        super(context + ": file name \"" + name + "\": " + reason);
        this.name = name;
    }

    /** The offending name, as given. */
    public String name() {
        return name;
    }
}
