package io.herald.hub;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** The registered {@link HubObserver}s; tells each in turn, isolating their failures. */
final class Observers {
    private static final System.Logger LOG = System.getLogger(Observers.class.getName());

    // registered rarely (at assembly), read on every event: a copy-on-write list keeps reads lock-free
    private final List<HubObserver> observers = new CopyOnWriteArrayList<>();

    void add(HubObserver observer) {
        observers.add(observer);
    }

    List<HubObserver> list() {
        return List.copyOf(observers);
    }

    void tell(Consumer<HubObserver> event) {
        for (HubObserver observer : observers) {
            try {
                event.accept(observer);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "hub observer " + observer.getClass().getName() + " failed", e);
            }
        }
    }
}
