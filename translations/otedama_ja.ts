<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>main</name>
    <message>
        <source>Otedama: a decentralized mining pool node.</source>
        <translation>Otedama: 分散型マイニングプールのノード。</translation>
    </message>
    <message>
        <source>Use this configuration file.</source>
        <translation>この設定ファイルを使います。</translation>
    </message>
    <message>
        <source>file</source>
        <comment>the value of --config</comment>
        <translation>ファイル</translation>
    </message>
    <message>
        <source>Start the local test network at once.</source>
        <translation>ローカルのテストネットワークをすぐに開始します。</translation>
    </message>
    <message>
        <source>Keep the app&apos;s settings and chart history here.</source>
        <translation>アプリの設定とチャートの履歴をここに保存します。</translation>
    </message>
    <message>
        <source>dir</source>
        <comment>the value of --state-dir</comment>
        <translation>フォルダー</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <source>Otedama cannot use this configuration</source>
        <translation>Otedama はこの設定を使用できません</translation>
    </message>
</context>
<context>
    <name>otedama::ui</name>
    <message>
        <source>never</source>
        <translation>なし</translation>
    </message>
    <message>
        <source>just now</source>
        <translation>たった今</translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation>%1 秒前</translation>
    </message>
    <message>
        <source>%1 min ago</source>
        <translation>%1 分前</translation>
    </message>
    <message>
        <source>%1 h ago</source>
        <translation>%1 時間前</translation>
    </message>
    <message>
        <source>%1 d ago</source>
        <translation>%1 日前</translation>
    </message>
</context>
<context>
    <name>otedama::ui::AddressPage</name>
    <message>
        <source>Payout address</source>
        <translation>支払いアドレス</translation>
    </message>
    <message>
        <source>Your miners are paid to the addresses they log in with. This node&apos;s pool fee, if you set one, is paid to the address below.</source>
        <translation>マイナーへの支払いは、各マイナーがログインに使ったアドレスに行われます。このノードのプール手数料を設定した場合、手数料は下のアドレスに支払われます。</translation>
    </message>
    <message>
        <source>A share of the weight of every share this node&apos;s miners find, credited to the address above (at most %1 %).</source>
        <translation>このノードのマイナーが見つけた各シェアの重みのうち、上のアドレスに計上される割合です（最大 %1 %）。</translation>
    </message>
    <message>
        <source>Payout address:</source>
        <translation>支払いアドレス:</translation>
    </message>
    <message>
        <source>Pool name:</source>
        <translation>プール名:</translation>
    </message>
    <message>
        <source>Pool fee:</source>
        <translation>プール手数料:</translation>
    </message>
</context>
<context>
    <name>otedama::ui::BlocksPage</name>
    <message>
        <source>Payouts of the block</source>
        <translation>ブロックの支払い</translation>
    </message>
    <message>
        <source>Your payments</source>
        <translation>あなたへの支払い</translation>
    </message>
    <message>
        <source>Blocks found by the pool</source>
        <translation>プールが見つけたブロック</translation>
    </message>
    <message>
        <source>Payouts of block %1</source>
        <translation>ブロック %1 の支払い</translation>
    </message>
</context>
<context>
    <name>otedama::ui::ChainPage</name>
    <message>
        <source>Chain</source>
        <translation>チェーン</translation>
    </message>
    <message>
        <source>Which coin does your pool mine? Chains that are not supported yet are listed with the reason.</source>
        <translation>プールで採掘するコインを選んでください。まだ対応していないチェーンは、その理由とともに表示されます。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>%1  (not yet: %2)</source>
        <comment>a chain, and why it cannot be chosen yet</comment>
        <translation>%1  （未対応: %2）</translation>
    </message>
    <message>
        <source>Main network (real coins)</source>
        <translation>メインネット（実際のコイン）</translation>
    </message>
    <message>
        <source>Test network</source>
        <translation>テストネット</translation>
    </message>
    <message>
        <source>Regression test (private, local)</source>
        <translation>リグレッションテスト（非公開・ローカル）</translation>
    </message>
    <message>
        <source>Network:</source>
        <translation>ネットワーク:</translation>
    </message>
</context>
<context>
    <name>otedama::ui::ConnectMinersPage</name>
    <message>
        <source>Connect your miners</source>
        <translation>マイナーを接続する</translation>
    </message>
    <message>
        <source>The node is starting. Point your miners at it; their shares show on the dashboard.</source>
        <translation>ノードを起動しています。マイナーの接続先をこのノードに設定してください。シェアはダッシュボードに表示されます。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <source>Stratum URL</source>
        <translation>Stratum URL</translation>
    </message>
    <message>
        <source>&lt;b&gt;Use your own payout address&lt;/b&gt; as the user name (an address of %1 on %2), optionally followed by “.name” to tell your rigs apart; any password works.&lt;br&gt;&lt;br&gt;&lt;b&gt;When a miner cannot connect:&lt;/b&gt;&lt;ul&gt;&lt;li&gt;Is port %3 open in this computer&apos;s firewall (for example &lt;tt&gt;sudo ufw allow %3/tcp&lt;/tt&gt;)?&lt;/li&gt;&lt;li&gt;Is the miner on the same network as %4, or is the port forwarded to this computer?&lt;/li&gt;&lt;li&gt;Is the address right? A refused login says why on the Log page.&lt;/li&gt;&lt;li&gt;Connected but no shares? The Miners page shows each worker&apos;s accepted and rejected shares by reason.&lt;/li&gt;&lt;/ul&gt;</source>
        <translation>ユーザー名には&lt;b&gt;あなた自身の支払いアドレス&lt;/b&gt;（%2 上の %1 のアドレス）を使ってください。後ろに「.名前」を付けるとリグを区別できます。パスワードは何でもかまいません。&lt;br&gt;&lt;br&gt;&lt;b&gt;マイナーが接続できないときは:&lt;/b&gt;&lt;ul&gt;&lt;li&gt;このコンピューターのファイアウォールでポート %3 を開放していますか（例: &lt;tt&gt;sudo ufw allow %3/tcp&lt;/tt&gt;）？&lt;/li&gt;&lt;li&gt;マイナーは %4 と同じネットワーク上にありますか？ または、ポートがこのコンピューターに転送されていますか？&lt;/li&gt;&lt;li&gt;アドレスは正しいですか？ ログインが拒否された場合は、ログページに理由が表示されます。&lt;/li&gt;&lt;li&gt;接続できているのにシェアがない場合は、マイナーページで各ワーカーの承認されたシェアと、拒否されたシェアを理由別に確認できます。&lt;/li&gt;&lt;/ul&gt;</translation>
    </message>
</context>
<context>
    <name>otedama::ui::DashboardPage</name>
    <message>
        <source>not working</source>
        <translation>動作していません</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Blockchain node</source>
        <translation>ブロックチェーンノード</translation>
    </message>
    <message>
        <source>P2P network</source>
        <translation>P2P ネットワーク</translation>
    </message>
    <message>
        <source>Stratum</source>
        <translation>Stratum</translation>
    </message>
    <message>
        <source>Share chain</source>
        <translation>シェアチェーン</translation>
    </message>
    <message>
        <source>Pool hashrate (15 min)</source>
        <translation>プールのハッシュレート（15 分）</translation>
    </message>
    <message>
        <source>Pool (1 h)</source>
        <translation>プール（1 時間）</translation>
    </message>
    <message>
        <source>Pool (24 h)</source>
        <translation>プール（24 時間）</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>ピア</translation>
    </message>
    <message>
        <source>Your hashrate (15 min)</source>
        <translation>あなたのハッシュレート（15 分）</translation>
    </message>
    <message>
        <source>Yours (1 h)</source>
        <translation>あなた（1 時間）</translation>
    </message>
    <message>
        <source>Yours (24 h)</source>
        <translation>あなた（24 時間）</translation>
    </message>
    <message>
        <source>Miners</source>
        <translation>マイナー</translation>
    </message>
    <message>
        <source>Your shares in the window</source>
        <translation>ウィンドウ内のあなたのシェア</translation>
    </message>
    <message>
        <source>Your payout at the next block</source>
        <translation>次のブロックでのあなたの支払い</translation>
    </message>
    <message>
        <source>Share-chain height</source>
        <translation>シェアチェーンの高さ</translation>
    </message>
    <message>
        <source>Shares accepted</source>
        <translation>承認されたシェア</translation>
    </message>
    <message>
        <source>Last block</source>
        <translation>最新のブロック</translation>
    </message>
    <message>
        <source>Blocks found</source>
        <translation>発見したブロック</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>起動しています…</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>停止しています…</translation>
    </message>
    <message>
        <source>Could not start</source>
        <translation>起動できませんでした</translation>
    </message>
    <message>
        <source>the node is not running</source>
        <translation>ノードは動作していません</translation>
    </message>
    <message>
        <source>no peers yet: the node mines alone until one connects (check the P2P port %1 and the bootstrap nodes)</source>
        <translation>ピアはまだいません: ピアが接続するまで、このノードは単独で採掘します（P2P ポート %1 とブートストラップノードを確認してください）</translation>
    </message>
    <message>
        <source>no miner connected: point your miners at %1</source>
        <translation>接続中のマイナーはいません: マイナーの接続先を %1 に設定してください</translation>
    </message>
    <message>
        <source>Over the PPLNS window (%1): %2</source>
        <translation>PPLNS ウィンドウ全体（%1）: %2</translation>
    </message>
    <message numerus="yes">
        <source>%Ln share(s)</source>
        <translation>
            <numerusform>%Ln シェア</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <comment>miners (workers)</comment>
        <translation>%1（%2）</translation>
    </message>
    <message numerus="yes">
        <source>%Ln worker(s)</source>
        <translation>
            <numerusform>ワーカー %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>none yet</source>
        <translation>まだありません</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Point your miners at %1 (user: your payout address, optionally .worker)</source>
        <translation>マイナーの接続先: %1（ユーザー名: あなたの支払いアドレス。必要なら .ワーカー名 を付けます）</translation>
    </message>
</context>
<context>
    <name>otedama::ui::EngineWorker</name>
    <message>
        <source>The node is not running.</source>
        <translation>ノードは動作していません。</translation>
    </message>
</context>
<context>
    <name>otedama::ui::FirstStartPage</name>
    <message>
        <source>Welcome to Otedama</source>
        <translation>Otedama へようこそ</translation>
    </message>
    <message>
        <source>Otedama runs a mining pool with no operator: your node keeps the same share chain as every other node, and every block found pays all miners of the last shares directly. How do you want to begin?</source>
        <translation>Otedama は運営者のいないマイニングプールを動かします。あなたのノードは他のすべてのノードと同じシェアチェーンを保持し、見つかったブロックはどれも、直近のシェアのマイナー全員に直接支払います。どの方法で始めますか？</translation>
    </message>
    <message>
        <source>Set up a pool…</source>
        <translation>プールをセットアップ…</translation>
    </message>
    <message>
        <source>Try it on a local test network</source>
        <translation>ローカルのテストネットワークで試す</translation>
    </message>
    <message>
        <source>Open a configuration file…</source>
        <translation>設定ファイルを開く…</translation>
    </message>
    <message>
        <source>Open a configuration file</source>
        <translation>設定ファイルを開く</translation>
    </message>
    <message>
        <source>Otedama configuration (*.json);;All files (*)</source>
        <translation>Otedama の設定 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Connect to your own blockchain node, choose your payout address and ports, and get the command lines for your miners.</source>
        <translation>自分のブロックチェーンノードに接続し、支払いアドレスとポートを選ぶと、マイナー用のコマンドラインが用意されます。</translation>
    </message>
    <message>
        <source>Starts a private Litecoin regtest network, a pool node and a small CPU miner on this computer, so you can watch shares, blocks and payouts within a minute. Nothing leaves this computer and nothing is kept when you stop it.</source>
        <translation>このコンピューター上で非公開の Litecoin regtest ネットワーク、プールノード、小さな CPU マイナーを起動し、1 分以内にシェア、ブロック、支払いを確かめられます。データがこのコンピューターの外に出ることはなく、停止すると何も残りません。</translation>
    </message>
    <message>
        <source>Use a configuration file you already have (the same file otedama-node reads).</source>
        <translation>手元にある設定ファイルを使います（otedama-node が読むものと同じファイル）。</translation>
    </message>
</context>
<context>
    <name>otedama::ui::HashrateChart</name>
    <message>
        <source>Pool</source>
        <translation>プール</translation>
    </message>
    <message>
        <source>Your miners</source>
        <translation>あなたのマイナー</translation>
    </message>
    <message>
        <source>1 h</source>
        <translation>1 時間</translation>
    </message>
    <message>
        <source>24 h</source>
        <translation>24 時間</translation>
    </message>
    <message>
        <source>7 d</source>
        <translation>7 日</translation>
    </message>
    <message>
        <source>The last hour</source>
        <translation>直近 1 時間</translation>
    </message>
    <message>
        <source>The last 24 hours</source>
        <translation>直近 24 時間</translation>
    </message>
    <message>
        <source>The last 7 days</source>
        <translation>直近 7 日間</translation>
    </message>
</context>
<context>
    <name>otedama::ui::HashrateHistory</name>
    <message>
        <source>Cannot save the hashrate history to %1: %2</source>
        <translation>ハッシュレートの履歴を %1 に保存できません: %2</translation>
    </message>
    <message>
        <source>Cannot read the hashrate history %1: %2</source>
        <translation>ハッシュレートの履歴 %1 を読み込めません: %2</translation>
    </message>
    <message>
        <source>the file is too large to be a hashrate history</source>
        <translation>ハッシュレートの履歴としてはファイルが大きすぎます</translation>
    </message>
    <message>
        <source>the file is truncated</source>
        <translation>ファイルが途中で切れています</translation>
    </message>
    <message>
        <source>this is not a hashrate history file</source>
        <translation>ハッシュレートの履歴ファイルではありません</translation>
    </message>
    <message>
        <source>the file has format version %1; this version of Otedama reads version %2</source>
        <translation>ファイルの形式はバージョン %1 ですが、このバージョンの Otedama が読めるのはバージョン %2 です</translation>
    </message>
    <message>
        <source>the file is damaged or truncated (checksum mismatch)</source>
        <translation>ファイルが壊れているか、途中で切れています（チェックサムの不一致）</translation>
    </message>
    <message>
        <source>the file&apos;s contents are malformed</source>
        <translation>ファイルの内容が不正です</translation>
    </message>
</context>
<context>
    <name>otedama::ui::LogFeed</name>
    <message numerus="yes">
        <source>%n log line(s) dropped: the engine logged faster than the window can show</source>
        <translation>
            <numerusform>%n 行のログを破棄しました: エンジンのログ出力がウィンドウの表示より速すぎました</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>otedama::ui::LogModel</name>
    <message>
        <source>Trace</source>
        <translation>トレース</translation>
    </message>
    <message>
        <source>Debug</source>
        <translation>デバッグ</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>重大</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>時刻</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>レベル</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
</context>
<context>
    <name>otedama::ui::LogPage</name>
    <message>
        <source>Debug</source>
        <translation>デバッグ</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>情報</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>エラー</translation>
    </message>
    <message>
        <source>&amp;Level:</source>
        <translation>レベル(&amp;L):</translation>
    </message>
    <message>
        <source>Search messages</source>
        <translation>メッセージを検索</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>コピー(&amp;C)</translation>
    </message>
    <message>
        <source>Copy the selected lines</source>
        <translation>選択した行をコピーします</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>消去(&amp;L)</translation>
    </message>
    <message>
        <source>Remove every line from the window (the log file keeps them)</source>
        <translation>ウィンドウからすべての行を消去します（ログファイルには残ります）</translation>
    </message>
    <message>
        <source>Select &amp;All</source>
        <translation>すべて選択(&amp;A)</translation>
    </message>
</context>
<context>
    <name>otedama::ui::MainWindow</name>
    <message>
        <source>local test network</source>
        <translation>ローカルテストネットワーク</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>ダッシュボード</translation>
    </message>
    <message>
        <source>Miners</source>
        <translation>マイナー</translation>
    </message>
    <message>
        <source>Peers</source>
        <translation>ピア</translation>
    </message>
    <message>
        <source>Share window</source>
        <translation>シェアウィンドウ</translation>
    </message>
    <message>
        <source>Blocks &amp; payouts</source>
        <translation>ブロックと支払い</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>ログ</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open configuration…</source>
        <translation>設定ファイルを開く(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a configuration file</source>
        <translation>設定ファイルを開く</translation>
    </message>
    <message>
        <source>Otedama configuration (*.json);;All files (*)</source>
        <translation>Otedama の設定 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <source>Try the &amp;local test network</source>
        <translation>ローカルテストネットワークを試す(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>設定(&amp;S)</translation>
    </message>
    <message>
        <source>Setup &amp;wizard…</source>
        <translation>セットアップウィザード(&amp;W)…</translation>
    </message>
    <message>
        <source>&amp;Pool settings…</source>
        <translation>プールの設定(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Close to the tray (keep mining in the background)</source>
        <translation>閉じるとトレイに格納(&amp;C)（バックグラウンドで採掘を継続）</translation>
    </message>
    <message>
        <source>This desktop has no system tray</source>
        <translation>このデスクトップにはシステムトレイがありません</translation>
    </message>
    <message>
        <source>&amp;Start the node when Otedama opens</source>
        <translation>Otedama の起動時にノードを開始(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Otedama</source>
        <translation>Otedama について(&amp;A)</translation>
    </message>
    <message>
        <source>About Otedama</source>
        <translation>Otedama について</translation>
    </message>
    <message>
        <source>&lt;b&gt;Otedama %1&lt;/b&gt;&lt;p&gt;A decentralized mining pool node: no operator, every node keeps the share chain, and every block pays all miners of the window directly.&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later&lt;/p&gt;</source>
        <translation>&lt;b&gt;Otedama %1&lt;/b&gt;&lt;p&gt;分散型マイニングプールのノード: 運営者はおらず、すべてのノードがシェアチェーンを保持し、見つかったブロックはどれもウィンドウ内のマイナー全員に直接支払います。&lt;/p&gt;&lt;p&gt;GPL-3.0-or-later&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&amp;System language</source>
        <translation>システムの言語(&amp;S)</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>言語</translation>
    </message>
    <message>
        <source>The language changes when Otedama starts again. Restart Otedama now? (The node stops and starts again; miners reconnect by themselves.)</source>
        <translation>言語は Otedama を次に起動したときに切り替わります。今すぐ Otedama を再起動しますか？（ノードはいったん停止してから再び起動します。マイナーは自動的に再接続します。）</translation>
    </message>
    <message>
        <source>Restart now</source>
        <translation>今すぐ再起動</translation>
    </message>
    <message>
        <source>Later</source>
        <translation>あとで</translation>
    </message>
    <message>
        <source>Cannot start</source>
        <translation>開始できません</translation>
    </message>
    <message>
        <source>Otedama keeps running</source>
        <translation>Otedama は動作を続けています</translation>
    </message>
    <message>
        <source>The pool node runs on in the background; quit from the tray menu.</source>
        <translation>プールノードはバックグラウンドで動き続けます。終了するにはトレイのメニューを使ってください。</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>停止中</translation>
    </message>
    <message>
        <source>starting</source>
        <translation>起動中</translation>
    </message>
    <message>
        <source>running</source>
        <translation>稼働中</translation>
    </message>
    <message>
        <source>stopping</source>
        <translation>停止処理中</translation>
    </message>
    <message>
        <source>could not start: %1</source>
        <translation>起動できませんでした: %1</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>起動できませんでした: %1</translation>
    </message>
    <message>
        <source>%1 · %2 · %3</source>
        <translation>%1 · %2 · %3</translation>
    </message>
    <message numerus="yes">
        <source>%Ln miner(s)</source>
        <translation>
            <numerusform>マイナー %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln peer(s)</source>
        <translation>
            <numerusform>ピア %Ln</numerusform>
        </translation>
    </message>
    <message>
        <source>Block found</source>
        <translation>ブロックを発見しました</translation>
    </message>
    <message>
        <source>Cannot use this configuration</source>
        <translation>この設定は使用できません</translation>
    </message>
    <message>
        <source>built-in</source>
        <translation>組み込み</translation>
    </message>
    <message>
        <source>Restart the node?</source>
        <translation>ノードを再起動しますか？</translation>
    </message>
    <message>
        <source>The new settings are saved. The node uses them after a restart; restart it now? (Miners reconnect by themselves.)</source>
        <translation>新しい設定を保存しました。ノードが新しい設定を使うのは再起動後です。今すぐ再起動しますか？（マイナーは自動的に再接続します。）</translation>
    </message>
</context>
<context>
    <name>otedama::ui::MinerCommands</name>
    <message>
        <source>YOUR_ADDRESS</source>
        <translation>ウォレットアドレス</translation>
    </message>
    <message>
        <source>cpuminer (minerd)</source>
        <translation>cpuminer (minerd)</translation>
    </message>
    <message>
        <source>cgminer / bfgminer style</source>
        <translation>cgminer / bfgminer 形式</translation>
    </message>
    <message>
        <source>ASIC miner (its web page)</source>
        <translation>ASIC マイナー（管理画面）</translation>
    </message>
    <message>
        <source>Pool URL: %1   Worker: %2   Password: x</source>
        <translation>プール URL: %1   ワーカー: %2   パスワード: x</translation>
    </message>
    <message>
        <source>Any stratum miner</source>
        <translation>Stratum 対応のマイナー</translation>
    </message>
    <message>
        <source>URL: %1   User: %2   Password: x</source>
        <translation>URL: %1   ユーザー名: %2   パスワード: x</translation>
    </message>
</context>
<context>
    <name>otedama::ui::MinersPage</name>
    <message>
        <source>Miners (by payout address)</source>
        <translation>マイナー（支払いアドレス別）</translation>
    </message>
    <message>
        <source>Workers (hover “Rejected” for the reasons)</source>
        <translation>ワーカー（「拒否」にカーソルを合わせると理由を表示）</translation>
    </message>
</context>
<context>
    <name>otedama::ui::NetworkPage</name>
    <message>
        <source>Network</source>
        <translation>ネットワーク</translation>
    </message>
    <message>
        <source>Open these ports in your firewall: the P2P port for other pool nodes, the stratum port for your miners.</source>
        <translation>ファイアウォールで次のポートを開放してください: 他のプールノード用の P2P ポートと、マイナー用の Stratum ポートです。</translation>
    </message>
    <message>
        <source>One host:port per line, for example seed.example.org:9338. Leave empty to start a new pool.</source>
        <translation>1 行に 1 つずつ「ホスト:ポート」を入力します（例: seed.example.org:9338）。新しいプールを始める場合は空欄のままにします。</translation>
    </message>
    <message>
        <source>P2P port:</source>
        <translation>P2P ポート:</translation>
    </message>
    <message>
        <source>Stratum port:</source>
        <translation>Stratum ポート:</translation>
    </message>
    <message>
        <source>Bootstrap nodes:</source>
        <translation>ブートストラップノード:</translation>
    </message>
    <message>
        <source>Maximum peers:</source>
        <translation>最大ピア数:</translation>
    </message>
    <message>
        <source>The P2P and stratum ports must differ.</source>
        <translation>P2P ポートと Stratum ポートには別々の番号を指定してください。</translation>
    </message>
    <message>
        <source>P2P: %1</source>
        <translation>P2P: %1</translation>
    </message>
    <message>
        <source>Stratum: %1</source>
        <translation>Stratum: %1</translation>
    </message>
    <message>
        <source>Bootstrap line %1: %2</source>
        <translation>ブートストラップの %1 行目: %2</translation>
    </message>
</context>
<context>
    <name>otedama::ui::NodePage</name>
    <message>
        <source>Blockchain node</source>
        <translation>ブロックチェーンノード</translation>
    </message>
    <message>
        <source>Otedama mines on your own full node of the coin. Where does its RPC interface answer?</source>
        <translation>Otedama は、あなた自身が運用するコインのフルノードで採掘します。そのノードの RPC インターフェースはどこで応答しますか？</translation>
    </message>
    <message>
        <source>User and password (rpcuser / rpcpassword)</source>
        <translation>ユーザー名とパスワード（rpcuser / rpcpassword）</translation>
    </message>
    <message>
        <source>Cookie file (the node&apos;s .cookie, when no rpcpassword is set)</source>
        <translation>Cookie ファイル（rpcpassword を設定していない場合のノードの .cookie）</translation>
    </message>
    <message>
        <source>for example ~/.litecoin/.cookie</source>
        <translation>例: ~/.litecoin/.cookie</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>参照…</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>接続をテスト</translation>
    </message>
    <message>
        <source>The node&apos;s cookie file</source>
        <translation>ノードの Cookie ファイル</translation>
    </message>
    <message>
        <source>Host:</source>
        <translation>ホスト:</translation>
    </message>
    <message>
        <source>RPC port:</source>
        <translation>RPC ポート:</translation>
    </message>
    <message>
        <source>User:</source>
        <translation>ユーザー名:</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>パスワード:</translation>
    </message>
    <message>
        <source>Cookie file:</source>
        <translation>Cookie ファイル:</translation>
    </message>
    <message>
        <source>Asking %1:%2 …</source>
        <translation>%1:%2 に問い合わせています…</translation>
    </message>
    <message>
        <source>Ready: %1, chain %2, %3, %4, block template for height %5.</source>
        <translation>準備完了: %1、チェーン %2、%3、%4、高さ %5 のブロックテンプレートを取得しました。</translation>
    </message>
    <message numerus="yes">
        <source>%Ln block(s)</source>
        <translation>
            <numerusform>ブロック数 %Ln</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln peer(s)</source>
        <translation>
            <numerusform>ピア数 %Ln</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>otedama::ui::PeersPage</name>
    <message>
        <source>Ban peer</source>
        <translation>ピアを禁止</translation>
    </message>
    <message>
        <source>Disconnect the selected peer and refuse it for 24 hours</source>
        <translation>選択したピアを切断し、24 時間接続を拒否します</translation>
    </message>
    <message>
        <source>Lift ban</source>
        <translation>禁止を解除</translation>
    </message>
    <message>
        <source>Disconnect node %1 and refuse it for 24 hours?</source>
        <translation>ノード %1 を切断し、24 時間接続を拒否しますか？</translation>
    </message>
    <message>
        <source>Connected peers</source>
        <translation>接続中のピア</translation>
    </message>
    <message>
        <source>Bans in force</source>
        <translation>有効な接続禁止</translation>
    </message>
</context>
<context>
    <name>otedama::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
</context>
<context>
    <name>otedama::ui::SetupWizard</name>
    <message>
        <source>Set up Otedama</source>
        <translation>Otedama のセットアップ</translation>
    </message>
</context>
<context>
    <name>otedama::ui::ShareStrip</name>
    <message>
        <source>Share %1 by %2</source>
        <translation>%2 のシェア（高さ %1）</translation>
    </message>
    <message>
        <source>one of your miners</source>
        <translation>あなたのマイナーのシェア</translation>
    </message>
    <message>
        <source>this share was a block</source>
        <translation>このシェアはブロックになりました</translation>
    </message>
</context>
<context>
    <name>otedama::ui::ShareWindowPage</name>
    <message>
        <source>%1 of %2 shares in the window, oldest first. Your shares are blue, blocks have a gold frame; hover a share to see whose it is.</source>
        <translation>ウィンドウ内のシェア %1 / %2（古い順）。あなたのシェアは青、ブロックは金色の枠で表示されます。シェアにカーソルを合わせると、誰のシェアかがわかります。</translation>
    </message>
</context>
<context>
    <name>otedama::ui::StatusLight</name>
    <message>
        <source>off</source>
        <translation>オフ</translation>
    </message>
</context>
<context>
    <name>otedama::ui::SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>設定内容の確認</translation>
    </message>
    <message>
        <source>Otedama writes this configuration and starts the node.</source>
        <translation>Otedama はこの設定を書き込み、ノードを起動します。</translation>
    </message>
    <message>
        <source>Write and start</source>
        <translation>書き込んで開始</translation>
    </message>
    <message>
        <source>File: %1</source>
        <translation>ファイル: %1</translation>
    </message>
</context>
<context>
    <name>otedama::ui::TrayIcon</name>
    <message>
        <source>Show Otedama</source>
        <translation>Otedama を表示</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>終了</translation>
    </message>
</context>
<context>
    <name>otedama::ui::WelcomePage</name>
    <message>
        <source>Welcome to Otedama</source>
        <translation>Otedama へようこそ</translation>
    </message>
    <message>
        <source>Otedama runs a mining pool with no operator. Your node keeps the same share chain as every other node, checks every share itself, and every block found pays all miners of the last shares directly in its coinbase.</source>
        <translation>Otedama は運営者のいないマイニングプールを動かします。あなたのノードは他のすべてのノードと同じシェアチェーンを保持してすべてのシェアを自ら検証し、見つかったブロックはどれも、そのコインベースで直近のシェアのマイナー全員に直接支払います。</translation>
    </message>
    <message>
        <source>Set up a real pool</source>
        <translation>本番のプールをセットアップする</translation>
    </message>
    <message>
        <source>You need a synced full node of the coin (for example litecoind) on this computer or your network, and a payout address.</source>
        <translation>このコンピューターかお使いのネットワーク上に同期済みのコインのフルノード（例: litecoind）と、支払いアドレスが必要です。</translation>
    </message>
    <message>
        <source>Try it on a local test network</source>
        <translation>ローカルのテストネットワークで試す</translation>
    </message>
    <message>
        <source>Otedama starts a private Litecoin regtest network, a pool node and a small CPU miner on this computer; shares, blocks and payouts appear within a minute. Nothing leaves this computer.</source>
        <translation>Otedama がこのコンピューター上で非公開の Litecoin regtest ネットワーク、プールノード、小さな CPU マイナーを起動します。1 分以内にシェア、ブロック、支払いが表示されます。データがこのコンピューターの外に出ることはありません。</translation>
    </message>
</context>
<context>
    <name>otedama::ui::tables</name>
    <message>
        <source>pending</source>
        <translation>保留中</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>確定</translation>
    </message>
    <message>
        <source>orphaned</source>
        <translation>オーファン</translation>
    </message>
    <message>
        <source>inbound</source>
        <translation>インバウンド</translation>
    </message>
    <message>
        <source>outbound</source>
        <translation>アウトバウンド</translation>
    </message>
    <message>
        <source>Payout address</source>
        <translation>支払いアドレス</translation>
    </message>
    <message>
        <source>Hashrate 15 min</source>
        <translation>ハッシュレート 15 分</translation>
    </message>
    <message>
        <source>Hashrate 1 h</source>
        <translation>ハッシュレート 1 時間</translation>
    </message>
    <message>
        <source>Hashrate 24 h</source>
        <translation>ハッシュレート 24 時間</translation>
    </message>
    <message>
        <source>Accepted</source>
        <translation>承認</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>拒否</translation>
    </message>
    <message>
        <source>Last share</source>
        <translation>最後のシェア</translation>
    </message>
    <message>
        <source>Window part</source>
        <translation>ウィンドウ比率</translation>
    </message>
    <message>
        <source>Next payout</source>
        <translation>次回の支払い</translation>
    </message>
    <message>
        <source>Worker</source>
        <translation>ワーカー</translation>
    </message>
    <message>
        <source>Difficulty</source>
        <translation>難易度</translation>
    </message>
    <message>
        <source>Connections</source>
        <translation>接続数</translation>
    </message>
    <message>
        <source>(default)</source>
        <translation>（既定）</translation>
    </message>
    <message>
        <source>Node</source>
        <translation>ノード</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>アドレス</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Latency</source>
        <translation>遅延</translation>
    </message>
    <message>
        <source>Reputation</source>
        <translation>評価</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>バージョン</translation>
    </message>
    <message>
        <source>Shares received</source>
        <translation>受信シェア</translation>
    </message>
    <message>
        <source>Shares relayed</source>
        <translation>中継シェア</translation>
    </message>
    <message>
        <source>Share confirmations</source>
        <translation>シェアの承認</translation>
    </message>
    <message>
        <source>Share height</source>
        <translation>シェアの高さ</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>接続開始</translation>
    </message>
    <message>
        <source>not measured yet</source>
        <translation>まだ計測していません</translation>
    </message>
    <message>
        <source>Banned</source>
        <translation>禁止対象</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>理由</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>開始</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>終了</translation>
    </message>
    <message>
        <source>Height</source>
        <translation>高さ</translation>
    </message>
    <message>
        <source>Found</source>
        <translation>発見日時</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状態</translation>
    </message>
    <message>
        <source>Confirmations</source>
        <translation>承認数</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>報酬</translation>
    </message>
    <message>
        <source>Found by</source>
        <translation>発見者</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>ハッシュ</translation>
    </message>
    <message>
        <source>this node</source>
        <translation>このノード</translation>
    </message>
    <message>
        <source>a peer</source>
        <translation>ピア</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金額</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>日時</translation>
    </message>
    <message>
        <source>Block</source>
        <translation>ブロック</translation>
    </message>
    <message>
        <source>Miner</source>
        <translation>マイナー</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>シェア数</translation>
    </message>
    <message>
        <source>Part of the window</source>
        <translation>ウィンドウ内の比率</translation>
    </message>
</context>
</TS>
