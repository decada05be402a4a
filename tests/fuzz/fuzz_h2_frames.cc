// libFuzzer target: arbitrary bytes after the HTTP/2 client preface, fed to
// the server codec in pieces (the first byte picks the piece size, so frame
// boundaries fall anywhere). Handlers answer with a body and, on every other
// stream, trailers; bodies are read and reset streams resumed, so the
// response, flow-control and trailer paths run as well as the parser.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "proxycore/net/h2_server_session.h"

using namespace routedeck::core::net;

namespace {

class FuzzListener : public H2ServerSession::Listener {
 public:
  H2ServerSession* session = nullptr;
  std::vector<std::shared_ptr<H2StreamState>> live;

  std::shared_ptr<H2StreamState> newStream(int32_t) override { return std::make_shared<H2StreamState>(); }

  void onRequest(const std::shared_ptr<H2StreamState>& s) override {
    live.push_back(s);
    ResponseHead head;
    head.status = s->head.method == "HEAD" ? 204 : 200;
    head.headers.add("content-type", "text/plain");
    head.headers.add("X-Mixed-Case", s->head.target);  // lower-cased on the way out
    head.framing = BodyFraming::Chunked;
    session->submitResponse(*s, head, head.status == 204);
    s->out = "hello " + s->head.target;
    if (s->id % 4 == 1) {
      s->outTrailers = Headers();
      s->outTrailers->add("grpc-status", "0");
    }
    if (s->remoteEnded) {
      s->outEnded = true;
    }
    session->resumeData(*s);
  }

  void onStreamEvent(H2StreamState& s) override {
    const size_t n = s.bodyIn.size();
    s.bodyIn.clear();
    if (session && !s.closed) {
      session->consumed(s, n);
      if (s.remoteEnded && s.responseSubmitted && !s.outEnded) {
        s.outEnded = true;
        session->resumeData(s);
      }
    }
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) {
    return 0;
  }
  const size_t piece = 1 + data[0] % 64;
  ++data;
  --size;
  FuzzListener listener;
  H2Settings settings;
  settings.maxConcurrentStreams = 8;
  settings.streamWindow = 4096;
  settings.maxHeaderListSize = 2048;
  {
    H2ServerSession session(listener, settings);
    listener.session = &session;
    static const std::string kPreface = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n";
    std::string out;
    bool ok = session.receive(reinterpret_cast<const uint8_t*>(kPreface.data()), kPreface.size());
    for (size_t at = 0; ok && at < size; at += piece) {
      const size_t n = size - at < piece ? size - at : piece;
      ok = session.receive(data + at, n);
      out.clear();
      session.collectOutput(out);
      if (at / piece == 3) {
        session.goAway();
      }
    }
    out.clear();
    session.collectOutput(out);
    session.abandonStreams(false);
    listener.session = nullptr;
  }
  return 0;
}
