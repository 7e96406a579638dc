package dev.localai.router;

/** One place a request can go: a backend and the model id it knows. Written {@code backend/model}. */
public record Target(String backend, String model) {

    /** Parses {@code backend/model}; the model part may itself contain slashes. */
    public static Target parse(String id) {
        int slash = id.indexOf('/');
        if (slash <= 0 || slash == id.length() - 1) {
            throw new IllegalArgumentException("not a backend/model id: " + id);
        }
        return new Target(id.substring(0, slash), id.substring(slash + 1));
    }

    @Override
    public String toString() {
        return backend + "/" + model;
    }
}
