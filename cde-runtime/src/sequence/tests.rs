//! Tests of sequential bodies: splitting, and item streams over loopback.

mod splitting {
    use super::super::*;

    /// Every item of `chunks` split with `framing`.
    fn split(framing: Framing, limit: usize, chunks: &[&[u8]]) -> Vec<Result<Item, ItemError>> {
        let mut splitter = Splitter::new(framing, limit);
        let mut items = Vec::new();
        for chunk in chunks {
            splitter.push(chunk);
            while let Some(item) = splitter.next_item() {
                items.push(item);
            }
        }
        while let Some(item) = splitter.finish() {
            items.push(item);
        }
        items
    }

    fn texts(items: &[Result<Item, ItemError>]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Ok(Item::Text(text)) => String::from_utf8_lossy(text).into_owned(),
                Ok(Item::Event(event)) => format!("{event:?}"),
                Err(err) => format!("error: {err}"),
            })
            .collect()
    }

    #[test]
    fn media_types_name_their_framing() {
        assert_eq!(Framing::of("application/x-ndjson"), Some(Framing::Lines));
        assert_eq!(
            Framing::of("Application/JSONL; charset=utf-8"),
            Some(Framing::Lines)
        );
        assert_eq!(
            Framing::of("application/json;stream=watch"),
            Some(Framing::Lines)
        );
        assert_eq!(Framing::of("application/json-seq"), Some(Framing::JsonSeq));
        assert_eq!(Framing::of("text/event-stream"), Some(Framing::EventStream));
        assert_eq!(Framing::of("application/json"), None);
    }

    #[test]
    fn lines_split_across_chunks_and_breaks() {
        let chunks: &[&[u8]] = &[
            b"{\"a\":1}\n{\"a\"",
            b":2}\r",
            b"\n\n  \r{\"a\":3}\r",
            b"{\"a\":4}",
        ];
        let items = split(Framing::Lines, 1024, chunks);
        assert_eq!(
            texts(&items),
            [r#"{"a":1}"#, r#"{"a":2}"#, r#"{"a":3}"#, r#"{"a":4}"#]
        );
    }

    #[test]
    fn an_oversized_line_is_one_error_then_reading_goes_on() {
        let long = vec![b'x'; 100];
        let chunks: &[&[u8]] = &[b"{\"a\":1}\n", &long, &long, b"\n{\"a\":2}\n"];
        let items = split(Framing::Lines, 64, chunks);
        assert_eq!(
            texts(&items),
            [
                r#"{"a":1}"#,
                "error: an item of the stream is larger than 64 bytes: skipped",
                r#"{"a":2}"#
            ]
        );
    }

    #[test]
    fn json_text_sequences_drop_their_separators() {
        let chunks: &[&[u8]] = &[b"\x1e{\"a\":1}\n\x1e", b"[2]\n\x1e\x1e\"x\"\n"];
        let items = split(Framing::JsonSeq, 1024, chunks);
        assert_eq!(texts(&items), [r#"{"a":1}"#, "[2]", "\"x\""]);
    }

    fn events(chunks: &[&[u8]]) -> Vec<Event> {
        split(Framing::EventStream, 1024, chunks)
            .into_iter()
            .map(|item| match item {
                Ok(Item::Event(event)) => event,
                other => panic!("expected an event, got {other:?}"),
            })
            .collect()
    }

    #[test]
    fn events_follow_the_whatwg_rules() {
        let stream: &[&[u8]] = &[
            b"\xef\xbb\xbf: a comment\r\n",
            b"data: first\ndata:second\n",
            b"\nevent: update\nid: 7\nretry: 3000\ndata",
            b": {\"n\":1}\r\n\r\n",
            b"id: 8\0x\nretry: soon\ndata\n\n",
            b"data: never dispatched",
        ];
        let got = events(stream);
        assert_eq!(got.len(), 3, "{got:?}");
        assert_eq!(got[0].event, "message");
        assert_eq!(got[0].data, "first\nsecond");
        assert_eq!(got[0].id, None);
        assert_eq!(got[1].event, "update");
        assert_eq!(got[1].data, r#"{"n":1}"#);
        assert_eq!(got[1].id.as_deref(), Some("7"));
        assert_eq!(got[1].retry, Some(3000));
        // An id holding NUL is ignored (the last one stays); a retry that is
        // not all digits too; `data` alone is an empty line of data.
        assert_eq!(got[2].id.as_deref(), Some("7"));
        assert_eq!(got[2].retry, None);
        assert_eq!(got[2].data, "");
    }

    #[test]
    fn a_byte_order_mark_is_skipped_at_the_start_of_the_body_only() {
        for framing in [Framing::Lines, Framing::JsonSeq] {
            let got = texts(&split(
                framing,
                1024,
                &[b"\xEF\xBB\xBF{\"a\":1}\n", b"\xEF\xBB\xBF{\"a\":2}\n"],
            ));
            assert_eq!(got, ["{\"a\":1}", "\u{feff}{\"a\":2}"], "{framing:?}");
        }
    }

    #[test]
    fn a_retry_or_an_id_alone_moves_the_resume_point() {
        let mut splitter = Splitter::new(Framing::EventStream, 1024);
        assert_eq!(splitter.resume_point(), (None, None));
        // Blocks without data: no event, but the stream's state moves. A
        // `retry` takes effect at once; an `id` at the blank line.
        splitter.push(b"retry: 5000\n\nid: 9\n");
        assert_eq!(splitter.next_item(), None);
        assert_eq!(splitter.resume_point(), (None, Some(5000)));
        splitter.push(b"\n");
        assert_eq!(splitter.next_item(), None);
        assert_eq!(splitter.resume_point(), (Some("9"), Some(5000)));
        // An event after them carries the id, and its own retry only.
        splitter.push(b"data: x\n\nretry: 7\nid: 10\ndata: y\n\n");
        match splitter.next_item() {
            Some(Ok(Item::Event(event))) => {
                assert_eq!((event.id.as_deref(), event.retry), (Some("9"), None));
            }
            other => panic!("expected an event, got {other:?}"),
        }
        assert!(matches!(splitter.next_item(), Some(Ok(Item::Event(_)))));
        assert_eq!(splitter.resume_point(), (Some("10"), Some(7)));
    }

    #[test]
    fn where_the_chunks_break_changes_nothing() {
        let cases: [(Framing, &[u8]); 3] = [
            (Framing::Lines, b"{\"a\":1}\r\n{\"a\":2}\r\r\n{\"a\":3}\n"),
            (Framing::JsonSeq, b"\x1e{\"a\":1}\n\x1e[2]\r\n"),
            (
                Framing::EventStream,
                b"data: a\r\ndata: b\r\rid: 1\r\n\r\nevent: e\ndata: c\n\n",
            ),
        ];
        for (framing, body) in cases {
            let whole = split(framing, 1024, &[body]);
            assert!(whole.len() >= 2, "{framing:?}: {whole:?}");
            for at in 0..=body.len() {
                let (a, b) = body.split_at(at);
                assert_eq!(
                    split(framing, 1024, &[a, b]),
                    whole,
                    "{framing:?} split at {at}"
                );
            }
        }
    }

    #[test]
    fn an_event_without_data_is_not_dispatched() {
        assert!(events(&[b"event: ping\n\nid: 1\n\n"]).is_empty());
    }

    #[test]
    fn an_oversized_event_is_an_error_and_the_next_is_read() {
        let big = format!("data: {}\n", "x".repeat(40));
        let stream = format!("{big}{big}{big}\ndata: small\n\n");
        let items = split(Framing::EventStream, 64, &[stream.as_bytes()]);
        assert_eq!(items.len(), 2, "{items:?}");
        assert_eq!(items[0], Err(ItemError::TooLarge { limit: 64 }));
        match &items[1] {
            Ok(Item::Event(event)) => assert_eq!(event.data, "small"),
            other => panic!("{other:?}"),
        }
    }

    /// A decoder's message quotes a wrongly typed string whole: the error
    /// keeps a few KiB of it, its control characters escaped.
    #[test]
    fn an_item_that_does_not_decode_says_so_in_a_few_kib() {
        let quoted = "\\n\\u001b[31m".repeat(10_000);
        let line = format!("{{\"n\":\"{quoted}\"}}");
        #[derive(Debug, serde::Deserialize)]
        struct Numbered {
            #[allow(dead_code, reason = "decoded to fail")]
            n: u64,
        }
        let event = Item::Event(Event {
            event: String::from("message"),
            data: line.clone(),
            id: None,
            retry: None,
        });
        for err in [
            decode_text::<Numbered>(Item::Text(line.into_bytes().into())).unwrap_err(),
            decode_event::<Numbered>(event).unwrap_err(),
        ] {
            let shown = err.to_string();
            assert!(shown.contains("invalid type: string"), "{shown}");
            assert!(shown.len() < 5 * 1024, "{} bytes", shown.len());
            assert!(!shown.chars().any(char::is_control), "{shown}");
        }
    }
}

mod streams {
    use std::time::Duration;

    use futures::StreamExt;
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    use super::super::*;

    /// A request to a loopback server, and the server's side of its
    /// connection once the request's head has arrived.
    async fn exchange() -> (tokio::task::JoinHandle<reqwest::Response>, TcpStream) {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/events", listener.local_addr().unwrap());
        let request = tokio::spawn(async move { reqwest::get(url).await.unwrap() });
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") {
            socket.read_exact(&mut byte).await.unwrap();
            head.push(byte[0]);
        }
        (request, socket)
    }

    async fn stream_of(
        request: tokio::task::JoinHandle<reqwest::Response>,
        framing: Framing,
        gap: Duration,
    ) -> ItemStream<serde_json::Value> {
        let response = request.await.unwrap();
        ItemStream::new(response, framing, 64, decode_text, None, Some(gap), None)
    }

    const LINES_HEAD: &[u8] =
        b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\nconnection: close\r\n\r\n";

    #[tokio::test]
    async fn items_come_as_they_arrive_and_a_bad_one_does_not_end_the_stream() {
        let (request, mut socket) = exchange().await;
        socket.write_all(LINES_HEAD).await.unwrap();
        socket.write_all(b"{\"n\":1}\n").await.unwrap();
        let mut items = stream_of(request, Framing::Lines, Duration::from_secs(10)).await;
        // The first item, while the server has not written the second.
        let first = items.next().await.unwrap().unwrap();
        assert_eq!(first["n"], 1);
        let long = format!("[{}]\n", "0,".repeat(40) + "0");
        socket.write_all(long.as_bytes()).await.unwrap();
        socket.write_all(b"not json\n{\"n\":2}\n").await.unwrap();
        drop(socket);
        let rest: Vec<_> = items.collect().await;
        assert_eq!(rest.len(), 3, "{rest:?}");
        assert!(matches!(
            rest[0],
            Err(StreamError::Item(ItemError::TooLarge { limit: 64 }))
        ));
        assert!(matches!(rest[1], Err(StreamError::Decode(_))));
        assert_eq!(rest[2].as_ref().unwrap()["n"], 2);
    }

    #[tokio::test]
    async fn a_stream_cut_mid_item_ends_with_an_error() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: application/x-ndjson\r\ncontent-length: 500\r\n\r\n";
        socket.write_all(head).await.unwrap();
        socket.write_all(b"{\"n\":1}\n{\"n\":").await.unwrap();
        let items = stream_of(request, Framing::Lines, Duration::from_secs(10)).await;
        drop(socket);
        let all: Vec<_> = items.collect().await;
        assert_eq!(all.len(), 2, "{all:?}");
        assert_eq!(all[0].as_ref().unwrap()["n"], 1);
        assert!(matches!(all[1], Err(StreamError::Cut(_))), "{all:?}");
    }

    #[tokio::test]
    async fn the_end_marker_ends_the_stream_cleanly() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        socket.write_all(head).await.unwrap();
        let body = b"retry: 2500\ndata: {\"n\":1}\n\ndata: [DONE]\n\ndata: {\"n\":2}\n\n";
        socket.write_all(body).await.unwrap();
        let response = request.await.unwrap();
        let events = ItemStream::new(
            response,
            Framing::EventStream,
            64,
            decode_event::<serde_json::Value>,
            Some("[DONE]"),
            Some(Duration::from_secs(10)),
            None,
        );
        let all: Vec<_> = events.collect().await;
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].as_ref().unwrap().data["n"], 1);
        assert_eq!(all[0].as_ref().unwrap().retry, Some(2500));
    }

    #[tokio::test]
    async fn a_gap_past_the_timeout_ends_the_stream() {
        let (request, mut socket) = exchange().await;
        socket.write_all(LINES_HEAD).await.unwrap();
        socket.write_all(b"{\"n\":1}\n").await.unwrap();
        let items = stream_of(request, Framing::Lines, Duration::from_millis(200)).await;
        let all: Vec<_> = items.collect().await;
        assert_eq!(all.len(), 2, "{all:?}");
        assert!(matches!(all[1], Err(StreamError::Timeout(_))), "{all:?}");
        drop(socket);
    }

    #[tokio::test]
    async fn dropping_an_endless_stream_closes_the_connection() {
        let (request, mut socket) = exchange().await;
        let head =
            b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
        socket.write_all(head).await.unwrap();
        socket
            .write_all(b": hello\nid: 4\ndata: {\"n\":1}\n\n")
            .await
            .unwrap();
        let response = request.await.unwrap();
        let gap = Some(Duration::from_secs(10));
        let mut events = ItemStream::new(
            response,
            Framing::EventStream,
            64,
            decode_event::<serde_json::Value>,
            None,
            gap,
            None,
        );
        let first = events.next().await.unwrap().unwrap();
        assert_eq!(
            (first.event.as_str(), first.id.as_deref()),
            ("message", Some("4"))
        );
        assert_eq!(events.last_event_id().as_deref(), Some("4"));
        assert_eq!(first.data["n"], 1);
        drop(events);
        // The server sees the connection end.
        let mut buffer = [0u8; 16];
        let read = tokio::time::timeout(Duration::from_secs(5), socket.read(&mut buffer)).await;
        assert!(matches!(read, Ok(Ok(0)) | Ok(Err(_))), "{read:?}");
    }
}
