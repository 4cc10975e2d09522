//! Where verification keys come from (PEM, JWKS file or URL, the instance, discovery).
