package io.bootc4j.oci.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Observes, rewrites, retries or short-circuits registry HTTP exchanges, in the manner of OkHttp's
 * {@code Interceptor}. The client's own authentication and retry behaviour are interceptors;
 * {@link RegistryClient.Builder#addInterceptor} adds more (logging, metrics, extra headers) on the
 * outside of them.
 *
 * <p>An interceptor that does not return a response it got from {@link Chain#proceed} must close
 * that response's body. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface RegistryInterceptor {

    HttpResponse<InputStream> intercept(Chain chain) throws IOException;

    /** The request being made and the rest of the chain. */
    interface Chain {

        HttpRequest request();

        /** {@code host[:port]} the request is for (before redirects). */
        String registry();

        /** Repository path the request is about; empty for {@code /v2/}. */
        String repository();

        /** Token scope actions, e.g. {@code pull} or {@code pull,push}. */
        String actions();

        /** Sends {@code request} through the remaining interceptors and the network. */
        HttpResponse<InputStream> proceed(HttpRequest request) throws IOException;
    }
}
