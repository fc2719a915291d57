package io.bootc4j.oci;

/** A blob, manifest or tag named by a descriptor or reference does not exist in the source. */
public class BlobNotFoundException extends OciException {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String where;

    /**
     * @param what the missing thing, e.g. a digest string or {@code "tag \"v1\""}
     * @param where the source, e.g. {@code "oci:/srv/layout"}
     */
    public BlobNotFoundException(String what, String where) {
        super(where + ": " + what + " not found");
        this.what = what;
        this.where = where;
    }

    public String what() {
        return what;
    }

    public String where() {
        return where;
    }
}
