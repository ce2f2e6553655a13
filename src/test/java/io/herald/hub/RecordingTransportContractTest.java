package io.herald.hub;

import io.herald.hub.contract.TransportContract;

import java.util.List;

/** The hub's unit tests trust {@link RecordingTransport} to behave like a real transport: it must keep the contract. */
class RecordingTransportContractTest extends TransportContract {
    private RecordingTransport transport;

    @Override
    protected Transport open() {
        transport = new RecordingTransport();
        return transport;
    }

    @Override
    protected int peerCloseCode() {
        return transport.closeCode;
    }

    @Override
    protected List<String> peerReceived(int count) {
        return transport.messages();
    }
}
