package io.bootc4j.ostree;

/** An object the repository should hold (named by a ref, commit or dirtree) that is not there. */
public final class ObjectNotFoundException extends OstreeException {

    private final ObjectName object;

    public ObjectNotFoundException(ObjectName object, String context) {
        super("object " + object + " not found" + (context.isEmpty() ? "" : " (" + context + ")"));
        this.object = object;
    }

    public ObjectName object() {
        return object;
    }
}
