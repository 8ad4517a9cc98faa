<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>otedama::ui::DashboardPage</name>
    <message numerus="yes">
        <source>%Ln share(s)</source>
        <translation>
            <numerusform>%Ln share</numerusform>
            <numerusform>%Ln shares</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln worker(s)</source>
        <translation>
            <numerusform>%Ln worker</numerusform>
            <numerusform>%Ln workers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>otedama::ui::LogFeed</name>
    <message numerus="yes">
        <source>%n log line(s) dropped: the engine logged faster than the window can show</source>
        <translation>
            <numerusform>%n log line dropped: the engine logged faster than the window can show</numerusform>
            <numerusform>%n log lines dropped: the engine logged faster than the window can show</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>otedama::ui::MainWindow</name>
    <message numerus="yes">
        <source>%Ln miner(s)</source>
        <translation>
            <numerusform>%Ln miner</numerusform>
            <numerusform>%Ln miners</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln peer(s)</source>
        <translation>
            <numerusform>%Ln peer</numerusform>
            <numerusform>%Ln peers</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>otedama::ui::NodePage</name>
    <message numerus="yes">
        <source>%Ln block(s)</source>
        <translation>
            <numerusform>%Ln block</numerusform>
            <numerusform>%Ln blocks</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln peer(s)</source>
        <translation>
            <numerusform>%Ln peer</numerusform>
            <numerusform>%Ln peers</numerusform>
        </translation>
    </message>
</context>
</TS>
