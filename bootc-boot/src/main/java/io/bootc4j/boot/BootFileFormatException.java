package io.bootc4j.boot;

/**
 * A boot configuration file (BLS entry, grubenv, kargs.d TOML, syslinux.cfg, …) that cannot be
 * accepted. The message reads {@code SOURCE:LINE: REASON}; {@link #line()} is 1-based, or 0 when
 * the offence concerns the whole file.
 */
public class BootFileFormatException extends BootException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    public BootFileFormatException(String source, int line, String reason) {
        super(line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason);
        this.source = source;
        this.line = line;
        this.reason = reason;
    }

    /** The file (or other input) that was refused, as given by the caller. */
    public String source() {
        return source;
    }

    /** The 1-based line of the offence, 0 when it concerns the whole input. */
    public int line() {
        return line;
    }

    /** What is wrong, without the source and line prefix. */
    public String reason() {
        return reason;
    }
}
