package dev.localai.mattermost;

import jakarta.ws.rs.ProcessingException;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;

/**
 * Why a call to the gaming PC or the router failed, in the words a reply needs.
 *
 * @param kind   what happened
 * @param status the HTTP status for {@link Kind#UNAUTHORIZED} and {@link Kind#ANSWERED}; 0 otherwise
 * @param detail the service's own error message, or the network error ("connection refused")
 */
public record CallFailure(Kind kind, int status, String detail) {

    public enum Kind {
        /** Nothing answered: refused, no route, unknown host: asleep, off or gone. */
        UNREACHABLE,
        /** No answer within the call's timeout. */
        TIMEOUT,
        /** 401 or 403: the token is wrong or missing. */
        UNAUTHORIZED,
        /** Another HTTP error, with the service's message. */
        ANSWERED,
        /** Calls are held back for a while after repeated failures (the circuit breaker is open). */
        CIRCUIT_OPEN
    }

    /** Reads a failure thrown by a REST client call wrapped in fault tolerance. */
    public static CallFailure of(Throwable thrown) {
        Throwable e = thrown instanceof java.util.concurrent.CompletionException && thrown.getCause() != null
                ? thrown.getCause() : thrown;
        if (e instanceof ServiceAnswered answered) {
            int status = answered.status();
            return new CallFailure(status == 401 || status == 403 ? Kind.UNAUTHORIZED : Kind.ANSWERED, status,
                    answered.getMessage());
        }
        if (e instanceof TimeoutException || e instanceof java.util.concurrent.TimeoutException) {
            return new CallFailure(Kind.TIMEOUT, 0, "no answer in time");
        }
        if (e instanceof CircuitBreakerOpenException) {
            return new CallFailure(Kind.CIRCUIT_OPEN, 0, "held back after repeated failures");
        }
        return new CallFailure(Kind.UNREACHABLE, 0, network(e));
    }

    /** The network error in a few words: "connection refused", "unknown host x", or the exception's message. */
    static String network(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ConnectException) {
                return "connection refused";
            }
            if (c instanceof UnknownHostException || c instanceof UnresolvedAddressException) {
                return "unknown host" + (c.getMessage() == null ? "" : " " + c.getMessage());
            }
            if (c instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (c.getMessage() != null && c.getMessage().toLowerCase().contains("connection refused")) {
                return "connection refused";
            }
        }
        return e instanceof ProcessingException && e.getCause() != null ? String.valueOf(e.getCause().getMessage())
                : String.valueOf(e.getMessage());
    }
}
