// A small application against the packed client's declarations; compiled with --strict --noEmit.
import Herald, { HeraldError, type Publication, type StreamPosition } from 'herald-client';

const herald = new Herald(null, { name: 'example', timeout: 3000, queueWhileDisconnected: true });
herald.on('connected', (event) => console.log('connected as', event));
herald.on('disconnected', (event) => console.log('closed', event.code, event.reason));
herald.connect();

const news = herald.subscribe('news', {
  onPublication: (publication: Publication) => console.log(publication.offset, publication.data),
});

async function send(): Promise<StreamPosition> {
  try {
    return await news.publish({ title: 'hello' });
  } catch (e) {
    if (e instanceof HeraldError) {
      console.log('refused:', e.code);
    }
    throw e;
  }
}

void send();
const rtt: Promise<number> = herald.ping();
void rtt;
