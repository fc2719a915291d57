package io.bootc4j.oci.registry.internal;

import io.bootc4j.oci.OciException;
import io.bootc4j.oci.registry.RegistryInterceptor;
import io.bootc4j.oci.registry.RetryPolicy;
import io.bootc4j.oci.registry.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retries bodiless requests (GET, HEAD) per {@link RetryPolicy}: connection resets and early
 * end-of-stream (not TLS errors, timeouts or refused connections), 408 and 5xx with exponential backoff; 429 after {@code Retry-After} (capped). The last
 * attempt's response or exception is returned as is. Sits outside authentication so each attempt
 * re-authenticates. Thread-safe.
 */
public final class RetryInterceptor implements RegistryInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(RetryInterceptor.class);

    private final RetryPolicy policy;
    private final Sleeper sleeper;
    private final Clock clock;

    public RetryInterceptor(RetryPolicy policy, Sleeper sleeper, Clock clock) {
        this.policy = policy;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    @Override
    public HttpResponse<InputStream> intercept(Chain chain) throws IOException {
        String method = chain.request().method();
        boolean retryable = method.equals("GET") || method.equals("HEAD");
        for (int attempt = 1; ; attempt++) {
            boolean last = !retryable || attempt >= policy.maxAttempts();
            HttpResponse<InputStream> r;
            try {
                r = chain.proceed(chain.request());
            } catch (SSLException | InterruptedIOException | HttpTimeoutException | ConnectException | OciException e) {
                // TLS failures, interrupts, timeouts (already a long wait), refused connections and answers
                // already turned into errors (a refused token) are final; resets and early EOFs are retried.
                throw e;
            } catch (IOException e) {
                if (last) {
                    throw e;
                }
                Duration d = policy.backoff(attempt);
                LOG.info("{} {}: {}; retrying in {} ms (attempt {}/{})", method, chain.request().uri(), e, d.toMillis(),
                        attempt + 1, policy.maxAttempts());
                sleep(d);
                continue;
            }
            int s = r.statusCode();
            if (last || (s != 429 && s != 408 && s < 500)) {
                return r;
            }
            Duration d = policy.backoff(attempt);
            if (s == 429) {
                d = RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), clock.instant()).orElse(d);
                if (d.compareTo(policy.maxRetryAfter()) > 0) {
                    d = policy.maxRetryAfter();
                }
            }
            Responses.discard(r);
            LOG.info("{} {}: status {}; retrying in {} ms (attempt {}/{})", method, chain.request().uri(), s, d.toMillis(),
                    attempt + 1, policy.maxAttempts());
            sleep(d);
        }
    }

    private void sleep(Duration d) throws InterruptedIOException {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
