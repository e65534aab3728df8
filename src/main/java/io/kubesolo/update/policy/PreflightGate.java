package io.kubesolo.update.policy;

/**
 * A gate that needs no release and runs before any network request: the maintenance window, and
 * the guard against staging over the fallback of an activation not yet confirmed.
 */
public interface PreflightGate {

    String name();

    Decision evaluate();
}
