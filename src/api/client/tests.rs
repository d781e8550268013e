//! Unit tests of the client: status mapping, TLS names, paths and links.

use super::*;
use crate::api::error::TlsProblem;

#[test]
fn tls_errors_are_found_through_io_errors_and_named() {
    use rustls::CertificateError as C;
    let wrapped = |e: rustls::Error| {
        // As hyper hands it up: an I/O error whose inner error is rustls's.
        std::io::Error::other(e)
    };
    let cases = [
        (
            rustls::Error::InvalidCertificate(C::UnknownIssuer),
            TlsProblem::Untrusted,
        ),
        (
            rustls::Error::InvalidCertificate(C::NotValidForName),
            TlsProblem::WrongHost,
        ),
        (
            rustls::Error::InvalidCertificate(C::Expired),
            TlsProblem::Expired,
        ),
        (
            rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType),
            TlsProblem::NotTls,
        ),
        (rustls::Error::DecryptError, TlsProblem::Other),
    ];
    for (e, want) in cases {
        let io = wrapped(e);
        assert_eq!(tls_problem(&io), Some(want), "{io:?}");
    }
    let plain = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
    assert_eq!(tls_problem(&plain), None);
}

#[test]
fn statuses_map_to_kinds_with_messages_and_fields() {
    let body = br#"{"Status":"ERROR","Message":"Validation Failed","Errors":[{"Field":"Name","Message":"too long"}]}"#;
    match map_status(422, body, None, None) {
        ApiError::Invalid {
            status: 422,
            message,
            errors,
        } => {
            assert_eq!(message, "Validation Failed");
            assert_eq!(errors[0].field, "Name");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        map_status(401, b"{}", None, None),
        ApiError::Unauthorized { .. }
    ));
    assert!(matches!(
        map_status(403, b"", None, None),
        ApiError::Forbidden { .. }
    ));
    assert!(matches!(
        map_status(409, body, None, None),
        ApiError::Conflict { .. }
    ));
    assert!(matches!(
        map_status(400, body, None, None),
        ApiError::Invalid { status: 400, .. }
    ));
    assert!(matches!(
        map_status(429, b"{}", Some(7), Some(1000)),
        ApiError::RateLimited {
            reset_secs: 7,
            limit: Some(1000),
            ..
        }
    ));
    assert!(matches!(
        map_status(503, b"", None, None),
        ApiError::Server { status: 503, .. }
    ));
}

#[test]
fn html_error_pages_are_summarised_inertly() {
    let page =
        b"<html><head><title>502 Bad Gateway</title></head><body>\x1b[2J nginx</body></html>";
    match map_status(502, page, None, None) {
        ApiError::Server {
            status: 502,
            message,
        } => {
            assert!(message.contains("502 Bad Gateway"), "{message}");
            assert!(!message.contains('\u{1b}'));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn token_ids_cannot_change_the_path() {
    assert_eq!(token_path("T-1", "").unwrap(), "/APIAccessTokens/T-1");
    assert_eq!(
        token_path("a/b?c#d%e f", "/Reset").unwrap(),
        "/APIAccessTokens/a%2Fb%3Fc%23d%25e%20f/Reset"
    );
    for bad in ["", ".", "..", "a\nb", "\u{1b}[2J"] {
        assert!(
            matches!(token_path(bad, ""), Err(ApiError::Refused { .. })),
            "{bad:?}"
        );
    }
}

#[test]
fn only_this_clients_own_token_list_is_followed() {
    let c = Client::new(
        "http://127.0.0.1:9",
        AccountType::Brand,
        Credentials {
            account_sid: "IRME".into(),
            auth_token: SecretString::from("x".to_string()),
        },
        Timeouts::default(),
    )
    .unwrap();
    assert_eq!(
        c.own_link(
            TOKENS,
            "/Advertisers/IRME/APIAccessTokens?Page=2&PageSize=10"
        )
        .unwrap(),
        "/APIAccessTokens?Page=2&PageSize=10"
    );
    assert_eq!(
        c.own_link(USERS, "/Advertisers/IRME/Users?Page=2&PageSize=10")
            .unwrap(),
        "/Users?Page=2&PageSize=10"
    );
    for bad in [
        "/Advertisers/IRME/APIAccessTokens?Page=2",
        "https://evil.example/Advertisers/IRME/Users?Page=2",
        "/Advertisers/IRYOU/Users?Page=2",
        "/Advertisers/IRME/UsersX",
    ] {
        assert!(
            matches!(c.own_link(USERS, bad), Err(ApiError::Refused { .. })),
            "{bad}"
        );
    }
    for bad in [
        "https://evil.example/Advertisers/IRME/APIAccessTokens?Page=2",
        "//evil.example/Advertisers/IRME/APIAccessTokens",
        "/Advertisers/IRYOU/APIAccessTokens?Page=2",
        "/Mediapartners/IRME/APIAccessTokens?Page=2",
        "/Advertisers/IRME/Users?Page=2",
        "/Advertisers/IRME/APIAccessTokens/../../x",
        "/Advertisers/IRME/APIAccessTokensX",
        "/Advertisers/IRME/APIAccessTokens?Page=2#x",
        "/Advertisers/IRME/APIAccessTokens?Page=2 HTTP/1.1",
        "/Advertisers/IRME/APIAccessTokens?Page=\\evil",
    ] {
        assert!(
            matches!(c.own_link(TOKENS, bad), Err(ApiError::Refused { .. })),
            "{bad}"
        );
    }
}

#[test]
fn basic_header_is_standard_and_sensitive() {
    let h = basic_header("IRSID", &SecretString::from("to:ken".to_string()));
    assert_eq!(h.to_str().unwrap(), "Basic SVJTSUQ6dG86a2Vu");
    assert!(h.is_sensitive());
    assert!(!format!("{h:?}").contains("SVJT"));
}
