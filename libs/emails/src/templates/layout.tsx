/** @jsxRuntime automatic */
/** @jsxImportSource react */
// The pragmas make every compiler (tsx in the API processes, Vite, tsc) use the automatic runtime.
import { Body, Button, Container, Head, Heading, Hr, Html, Preview, Section, Text } from '@react-email/components';
import type { ReactNode } from 'react';
import type { ShopLocale } from '@storepay/payments-core';

const body = { backgroundColor: '#f4f4f5', fontFamily: 'Helvetica, Arial, sans-serif', margin: 0, padding: '24px 0' };
const container = {
  backgroundColor: '#ffffff',
  borderRadius: '8px',
  margin: '0 auto',
  maxWidth: '560px',
  padding: '32px',
};
const heading = { color: '#18181b', fontSize: '22px', lineHeight: '28px', margin: '0 0 16px' };
const button = {
  backgroundColor: '#1d4ed8',
  borderRadius: '6px',
  color: '#ffffff',
  fontSize: '15px',
  padding: '12px 20px',
  textDecoration: 'none',
};
const footer = { color: '#52525b', fontSize: '12px', lineHeight: '18px' };
export const paragraph = { color: '#27272a', fontSize: '15px', lineHeight: '22px', margin: '0 0 12px' };

export interface LayoutProps {
  locale: ShopLocale;
  /** The first line mail clients show after the subject. */
  preview: string;
  heading: string;
  action: { label: string; href: string };
  footer: string;
  children: ReactNode;
}

/** Every email's frame: inline styles only (mail clients drop style sheets), one heading, one button. */
export function Layout(props: LayoutProps) {
  return (
    <Html lang={props.locale} dir="ltr">
      <Head />
      <Preview>{props.preview}</Preview>
      <Body style={body}>
        <Container style={container}>
          <Heading as="h1" style={heading}>
            {props.heading}
          </Heading>
          {props.children}
          <Section style={{ margin: '24px 0' }}>
            <Button href={props.action.href} style={button}>
              {props.action.label}
            </Button>
          </Section>
          <Hr />
          <Text style={footer}>{props.footer}</Text>
        </Container>
      </Body>
    </Html>
  );
}
