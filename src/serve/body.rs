//! What the preview server sends: a whole file or page, or an event stream that stays open
//! for as long as the tab does.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body::Frame;
use tokio::sync::mpsc;
use tokio::time::{Instant, Sleep};

/// The comment line that keeps an event stream alive, and shows a closed tab.
const PING_EVERY: Duration = Duration::from_secs(15);

/// A body: a whole file or page, or an event stream.
pub enum Body {
    Full(Option<Bytes>),
    Events(Box<Events>),
}

impl Body {
    pub fn empty() -> Body {
        Body::Full(None)
    }
}

impl From<Bytes> for Body {
    fn from(bytes: Bytes) -> Body {
        Body::Full(Some(bytes))
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Body {
        Body::Full(Some(bytes.into()))
    }
}

impl http_body::Body for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(|b| Ok(Frame::data(b)))),
            Body::Events(events) => events.poll_next(cx).map(|m| m.map(|b| Ok(Frame::data(b)))),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> http_body::SizeHint {
        match self {
            Body::Full(bytes) => http_body::SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Events(_) => http_body::SizeHint::default(),
        }
    }
}

/// The messages of one event stream: the state when it opened, then every build's, with a
/// comment line when nothing was sent for a while.
pub struct Events {
    hello: Option<Bytes>,
    messages: mpsc::UnboundedReceiver<Arc<str>>,
    ping: Pin<Box<Sleep>>,
    /// Held while the stream is open: dropped with the body when the tab closes.
    _slot: Box<dyn Send + Sync>,
}

impl Events {
    pub fn new(hello: String, messages: mpsc::UnboundedReceiver<Arc<str>>, slot: Box<dyn Send + Sync>) -> Events {
        let hello = format!("retry: 300\n\n{hello}");
        Events { hello: Some(hello.into()), messages, ping: Box::pin(tokio::time::sleep(PING_EVERY)), _slot: slot }
    }

    fn poll_next(&mut self, cx: &mut Context<'_>) -> Poll<Option<Bytes>> {
        if let Some(hello) = self.hello.take() {
            return Poll::Ready(Some(hello));
        }
        match self.messages.poll_recv(cx) {
            Poll::Ready(Some(message)) => {
                self.ping.as_mut().reset(Instant::now() + PING_EVERY);
                return Poll::Ready(Some(Bytes::copy_from_slice(message.as_bytes())));
            }
            Poll::Ready(None) => return Poll::Ready(None),
            Poll::Pending => {}
        }
        if self.ping.as_mut().poll(cx).is_ready() {
            self.ping.as_mut().reset(Instant::now() + PING_EVERY);
            return Poll::Ready(Some(Bytes::from_static(b": ping\n\n")));
        }
        Poll::Pending
    }
}
