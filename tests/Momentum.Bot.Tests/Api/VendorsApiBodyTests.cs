using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Momentum.Bot.Api;
using Momentum.Bot.Demo;
using Momentum.Bot.Tests.Infrastructure;

namespace Momentum.Bot.Tests.Api;

/// <summary>PUT …/vendors checks the bearer token before it reads a byte of the body, and reads at most 64 KiB.</summary>
public sealed class VendorsApiBodyTests : IAsyncLifetime
{
    private FakeGitHub _github = null!;
    private MomentumApp _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _github = await FakeGitHub.StartAsync(new LocalGitHubData());
        _app = new MomentumApp(_github, new() { ["Api:AdminToken"] = "ops" });
        _client = _app.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _github.DisposeAsync();
    }

    private static HttpRequestMessage Put(HttpContent content, string? token)
    {
        var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/projects/acme/rocket/vendors") { Content = content };
        if (token is not null)
        {
            put.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return put;
    }

    [Theory]
    [InlineData("")]
    [InlineData("Authorization: Bearer wrong\r\n")]
    public async Task AnUnauthenticatedBodyIsRefusedWithoutBeingRead(string authorization)
    {
        // Real Kestrel over a raw socket: the request declares 64 MiB but only its first 64 KiB are ever sent, so the
        // answer can only come if the host decides without reading the body (a parser would wait for the rest).
        await using var kestrel = new KestrelDemoApp(new() { ["Api:AdminToken"] = "ops" });
        var address = kestrel.Start();
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        var head = $"PUT /api/v1/projects/acme/rocket/vendors HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\n{authorization}Content-Length: {64 * 1024 * 1024}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var start = Encoding.UTF8.GetBytes("{\"organizations\":[{\"name\":\"");
        await stream.WriteAsync(start.Concat(Enumerable.Repeat((byte)'a', 64 * 1024)).ToArray());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var status = await reader.ReadLineAsync(timeout.Token);

        Assert.Equal("HTTP/1.1 401 Unauthorized", status);
    }

    [Fact]
    public async Task AnAuthenticatedBodyOverTheLimitGets413()
    {
        var body = new CountingStream(Encoding.UTF8.GetBytes("{\"organizations\":[{\"name\":\""), ProjectsApi.MaxVendorBodyBytes + 1);
        using var content = new StreamContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _client.SendAsync(Put(content, "ops"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("at most 65536 bytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnAuthenticatedBodyThatDeclaresTooLargeALengthGets413()
    {
        using var content = new ByteArrayContent(new byte[ProjectsApi.MaxVendorBodyBytes + 1]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        using var response = await _client.SendAsync(Put(content, "ops"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task AnAuthenticatedSmallListIsStored()
    {
        using var content = new StringContent("""{"organizations":[{"name":"Acme","domains":["acme.example"]}]}""", Encoding.UTF8, "application/json");

        using var response = await _client.SendAsync(Put(content, "ops"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("acme.example", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>A body of <paramref name="length"/> bytes (a prefix, then 'a's) of unknown length, counting what was read of it.</summary>
    private sealed class CountingStream(byte[] prefix, long length) : Stream
    {
        private long _served;

        public long Served => Interlocked.Read(ref _served);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var served = Served;
            var n = (int)Math.Min(count, length - served);
            for (var i = 0; i < n; i++)
            {
                buffer[offset + i] = served + i < prefix.Length ? prefix[served + i] : (byte)'a';
            }

            Interlocked.Add(ref _served, n);
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
