//! Browser end-to-end tests of the Threadlab web app live in `tests/`; this library is empty.
